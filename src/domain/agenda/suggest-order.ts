export interface OrderCandidate {
  id: string;
  urgency: "ROUTINE" | "URGENT";
  /** When the case was referred (or last moved): the longer it waits, the earlier it comes. */
  waitingSince: Date;
  readiness: "READY" | "STALE" | "NOT_READY";
  /** Current position, to keep ties stable. */
  position: number;
}

export interface SuggestedOrder {
  ids: string[];
  /** One line per case explaining its place, e.g. "urgent · ready · waiting 12 days". */
  reasons: Record<string, string>;
}

const READINESS_RANK = { READY: 0, STALE: 1, NOT_READY: 2 } as const;
const DAY_MS = 86_400_000;

/**
 * The order the app suggests: urgent cases first; then ready cases before out-of-date ones, and cases that are not
 * ready last (they may still become ready, or be moved); within each group, the longest wait first.
 */
export function suggestOrder(items: readonly OrderCandidate[], now: Date): SuggestedOrder {
  const sorted = [...items].sort(
    (a, b) =>
      (a.urgency === "URGENT" ? 0 : 1) - (b.urgency === "URGENT" ? 0 : 1) ||
      READINESS_RANK[a.readiness] - READINESS_RANK[b.readiness] ||
      a.waitingSince.getTime() - b.waitingSince.getTime() ||
      a.position - b.position,
  );
  const reasons: Record<string, string> = {};
  for (const item of sorted) {
    const waited = Math.max(0, Math.floor((now.getTime() - item.waitingSince.getTime()) / DAY_MS));
    reasons[item.id] = [
      item.urgency === "URGENT" ? "urgent" : "routine",
      item.readiness === "READY" ? "ready" : item.readiness === "STALE" ? "out of date" : "not ready",
      `waiting ${waited} day${waited === 1 ? "" : "s"}`,
    ].join(" · ");
  }
  return { ids: sorted.map((i) => i.id), reasons };
}
