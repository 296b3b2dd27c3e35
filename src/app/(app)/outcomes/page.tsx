import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/badge";
import { enumLabel, formatCalendarDate, formatDate, patientName } from "@/components/format";
import { OUTCOME_KINDS, OUTCOME_KIND_LABELS, type OutcomeKindName } from "@/domain/outcomes/vocabulary";
import { Refused } from "@/components/refused";
import { getApi, isRefusal, load } from "@/trpc/server";

export const metadata: Metadata = { title: "Outcomes" };

type Search = { board?: string; latest?: string; followUp?: string; patient?: string; page?: string };
const pick = <T extends string>(value: string | undefined, allowed: readonly T[]) => (allowed.includes(value as T) ? (value as T) : undefined);

export default async function OutcomesPage({ searchParams }: { searchParams: Promise<Search> }) {
  const search = await searchParams;
  const api = await getApi();
  const boards = await load(() => api.board.mine());
  if (isRefusal(boards)) return <Refused message={boards.message} />;
  const filter = {
    boardId: pick(search.board, boards.map((b) => b.id)),
    latestKind: pick<OutcomeKindName | "NONE">(search.latest, [...OUTCOME_KINDS, "NONE"]),
    followUp: pick(search.followUp, ["due", "overdue"] as const),
    patient: search.patient?.trim().slice(0, 100) || undefined,
  };
  const requestedPage = Number.parseInt(search.page ?? "1", 10);
  const list = await load(() => api.outcome.list({ ...filter, page: Number.isFinite(requestedPage) && requestedPage >= 1 ? requestedPage : 1 }));
  if (isRefusal(list)) return <Refused message={list.message} />;
  const { rows, total, page, pages } = list;
  // Page links keep the filters, so paging never loses what the user narrowed down to.
  const pageHref = (to: number) => {
    const params = new URLSearchParams(Object.entries({ board: filter.boardId, latest: filter.latestKind, followUp: filter.followUp, patient: filter.patient }).filter((e): e is [string, string] => !!e[1]));
    params.set("page", String(to));
    return `/outcomes?${params.toString()}`;
  };
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Outcomes</h1>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Every decided case of your boards with its staging, the board&apos;s recommendation and what followed (current versions: corrections replace, withdrawn outcomes are left out).
      </p>
      {/* A plain GET form: the filters live in the address, so a filtered list can be bookmarked and shared. */}
      <form method="get" aria-label="Filter outcomes" className="card flex flex-wrap items-end gap-3">
        <div>
          <label className="label" htmlFor="filter-patient">Patient</label>
          <input id="filter-patient" name="patient" type="search" className="field" maxLength={100} placeholder="Name or MRN" defaultValue={filter.patient ?? ""} />
        </div>
        <div>
          <label className="label" htmlFor="filter-board">Board</label>
          <select id="filter-board" name="board" className="field" defaultValue={filter.boardId ?? ""}>
            <option value="">All my boards</option>
            {boards.map((b) => <option key={b.id} value={b.id}>{b.name}</option>)}
          </select>
        </div>
        <div>
          <label className="label" htmlFor="filter-latest">Latest outcome</label>
          <select id="filter-latest" name="latest" className="field" defaultValue={filter.latestKind ?? ""}>
            <option value="">Any</option>
            <option value="NONE">None yet</option>
            {OUTCOME_KINDS.map((k) => <option key={k} value={k}>{OUTCOME_KIND_LABELS[k]}</option>)}
          </select>
        </div>
        <div>
          <label className="label" htmlFor="filter-follow-up">Follow-up</label>
          <select id="filter-follow-up" name="followUp" className="field" defaultValue={filter.followUp ?? ""}>
            <option value="">Any</option>
            <option value="due">Outcome due</option>
            <option value="overdue">Outcome overdue</option>
          </select>
        </div>
        <button type="submit" className="btn">Filter</button>
        <p className="text-sm text-slate-500" role="status">
          {total} {total === 1 ? "case" : "cases"}
          {pages > 1 && `, page ${page} of ${pages}`}
        </p>
      </form>
      <section className="card overflow-x-auto">
        <table className="data-table" aria-label="Decisions and outcomes">
          <thead>
            <tr>
              <th scope="col">Patient</th>
              <th scope="col">Board</th>
              <th scope="col">Decided</th>
              <th scope="col">Staging</th>
              <th scope="col">Intent</th>
              <th scope="col">Recommendation</th>
              <th scope="col">Current outcomes</th>
              <th scope="col">Follow-up</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.caseId}>
                <td>
                  <Link className="link" href={`/cases/${r.caseId}`}>{patientName(r.patient)}</Link>
                  <div className="text-xs text-slate-500">{r.patient.mrn}</div>
                </td>
                <td>{r.boardName}</td>
                <td>
                  {formatDate(r.decision.decidedAt)}
                  <div><Badge tone={r.decision.status === "SIGNED" ? "good" : "warn"}>{r.decision.status === "SIGNED" ? "Signed" : "Draft"} v{r.decision.version}</Badge></div>
                </td>
                <td>{r.decision.staging || "—"}</td>
                <td>{enumLabel(r.decision.intent)}</td>
                <td className="max-w-md">{r.decision.recommendation}</td>
                <td>
                  {r.outcomes.length === 0 ? (
                    <span className="text-slate-500">None yet</span>
                  ) : (
                    <ul>
                      {r.outcomes.map((o) => (
                        <li key={o.id}>
                          <span className="whitespace-nowrap">{formatCalendarDate(o.occurredOn)}</span> {o.summary} {o.corrected && <Badge tone="warn">corrected</Badge>}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td className="whitespace-nowrap">
                  {r.followUp.open === 0 ? (
                    <span className="text-slate-500">—</span>
                  ) : (
                    <Badge tone={r.followUp.overdue > 0 ? "bad" : "warn"}>
                      {r.followUp.overdue > 0 ? "Overdue" : "Due"} {r.followUp.nextDueOn ? formatCalendarDate(r.followUp.nextDueOn) : ""}
                    </Badge>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && <p className="text-sm text-slate-500">No decided cases match.</p>}
      </section>
      {pages > 1 && (
        <nav aria-label="Pages of outcomes" className="flex items-center gap-3 text-sm">
          {page > 1 ? <Link className="link" href={pageHref(page - 1)}>Newer</Link> : <span className="text-slate-400">Newer</span>}
          <span>Page {page} of {pages}</span>
          {page < pages ? <Link className="link" href={pageHref(page + 1)}>Older</Link> : <span className="text-slate-400">Older</span>}
        </nav>
      )}
    </div>
  );
}
