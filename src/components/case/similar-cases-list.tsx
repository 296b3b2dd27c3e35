import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import type { AppRouter } from "@/server/api/root";
import { enumLabel } from "@/components/format";

/** One similar past case as `similarCases.forCase` returns it. */
export type SimilarCaseView = inferRouterOutputs<AppRouter>["similarCases"]["forCase"]["cases"][number];

const months = (days: number) => `${Math.round(days / 30.44)} mo`;
const list = (value: string | null) => (value ? value.split(";").map(enumLabel).join(", ") : "none recorded");

/** What followed a past decision, in one line: treatment given, then survival. */
function followed(c: SimilarCaseView): string {
  const treatment = `${list(c.treatmentGiven)}${c.treatmentFollowedRecommendation === false ? " (not as recommended)" : ""}`;
  const os = c.osDays === null ? "" : c.osEvent ? `died after ${months(c.osDays)}` : c.vitalStatus === "LOST" ? `lost to follow-up after ${months(c.osDays)}` : `alive at ${months(c.osDays)}`;
  const pfs = c.pfsDays === null ? "" : c.pfsEvent && !(c.osEvent && c.pfsDays === c.osDays) ? `progressed after ${months(c.pfsDays)}` : "";
  return [treatment, pfs, os].filter(Boolean).join(" · ");
}

/**
 * The board's most similar past decisions: who (a name and link for one's own boards' patients, else the pseudonym),
 * what was recommended and what followed, and the fields that made each similar. Used on the case page and in
 * presentation mode; holds no state, so it renders on the server and in the client alike.
 */
export function SimilarCasesList({ cases, compared, linkCases = true }: { cases: SimilarCaseView[]; compared: number; linkCases?: boolean }) {
  if (cases.length === 0) return <p className="text-sm text-slate-500">No similar signed decision among {compared} past cases of boards for this site.</p>;
  return (
    <div className="space-y-2">
      <ol className="space-y-2 text-sm" aria-label="Similar past cases">
        {cases.map((c) => (
          <li key={`${c.pseudonym}-${c.decisionQuarter}`} className="rounded border border-slate-200 p-2 dark:border-slate-700">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <span className="font-medium">
                {c.caseId && c.patientName && linkCases ? <Link className="link" href={`/cases/${c.caseId}`}>{c.patientName}</Link> : c.patientName ?? <span title="Pseudonymised: a patient of another board">{c.pseudonym}</span>}
                <span className="ml-2 text-xs text-slate-500">{c.board} · {c.decisionQuarter}</span>
              </span>
              <span className="text-xs tabular-nums text-slate-500">{Math.round(c.score * 100)}% alike</span>
            </div>
            <p className="text-xs text-slate-600 dark:text-slate-300">
              Stage {c.stageGroup ?? "?"}, {c.histology ?? "histology not recorded"}, ECOG {c.ecog ?? "?"}, age {c.ageBand ?? "?"} · {c.intent ? enumLabel(c.intent) : ""} {list(c.modalities).toLowerCase()}
            </p>
            <p>{followed(c)}</p>
            <p className="text-xs text-slate-500">Similar because: {c.reasons.join(", ")}</p>
          </li>
        ))}
      </ol>
      <p className="text-xs text-slate-500">Compared with {compared} signed decisions of boards for this site, chosen by stage and histology first, then the most recent. What happened to past patients, not a prediction.</p>
    </div>
  );
}
