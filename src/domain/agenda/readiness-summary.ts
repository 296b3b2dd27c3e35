/**
 * The agenda's one-line summary of readiness, e.g. "7 cases: 1 ready, 4 with missing items, 2 out of date".
 * Only a READY case counts as ready: a case whose items are out of date (STALE) is not ready for discussion, and is
 * counted apart so the coordinator knows to refresh rather than to chase. Cases already discussed or moved at this
 * meeting are counted as such, not by readiness. An empty agenda says so, never "all ready".
 */
export type ReadinessStatus = "READY" | "NOT_READY" | "STALE";

export interface SummarisedItem {
  status: "PENDING" | "DISCUSSED" | "DEFERRED";
  readiness: { status: ReadinessStatus };
}

export function agendaReadinessSummary(items: readonly SummarisedItem[]): string {
  if (items.length === 0) return "No cases on the agenda yet";
  const pending = items.filter((i) => i.status === "PENDING");
  const count = (status: ReadinessStatus) => pending.filter((i) => i.readiness.status === status).length;
  const parts = [
    // A finished meeting's record has no pending case: its readiness no longer matters.
    pending.length > 0 ? `${count("READY")} ready` : null,
    count("NOT_READY") > 0 ? `${count("NOT_READY")} with missing items` : null,
    count("STALE") > 0 ? `${count("STALE")} out of date` : null,
    ...(["DISCUSSED", "DEFERRED"] as const).map((status) => {
      const n = items.filter((i) => i.status === status).length;
      return n > 0 ? `${n} ${status === "DISCUSSED" ? "discussed" : "moved"}` : null;
    }),
  ].filter(Boolean);
  return `${items.length} case${items.length === 1 ? "" : "s"}: ${parts.join(", ")}`;
}
