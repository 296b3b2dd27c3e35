import type { Metadata } from "next";
import { DatasetExport, type DatasetFilterValues } from "@/components/dataset/dataset-export";
import { Refused } from "@/components/refused";
import { getApi, isRefusal, load } from "@/trpc/server";

export const metadata: Metadata = { title: "Outcome dataset" };

const QI_LABELS: Record<string, string> = { board: "Board", site: "Site", stage_group: "Stage", age_band: "Age band", sex: "Sex" };
const cellText = (v: unknown) => (v === null || v === undefined ? "" : String(v));

export default async function DatasetPage({ searchParams }: { searchParams: Promise<DatasetFilterValues> }) {
  const params = await searchParams;
  const filters: DatasetFilterValues = {
    boardId: params.boardId || undefined,
    site: params.site && /^[A-Z]\d\d$/.test(params.site) ? params.site : undefined,
    stageGroup: params.stageGroup?.slice(0, 12) || undefined,
    year: params.year && /^\d{4}$/.test(params.year) ? params.year : undefined,
  };
  const api = await getApi();
  const [preview, dictionary] = await Promise.all([
    load(() => api.dataset.preview({ boardId: filters.boardId, site: filters.site, stageGroup: filters.stageGroup, year: filters.year ? Number(filters.year) : undefined, limit: 50 })),
    load(() => api.dataset.dictionary()),
  ]);
  if (isRefusal(preview)) return <Refused message={preview.message} />;
  if (isRefusal(dictionary)) return <Refused message={dictionary.message} />;
  const { report, facets } = preview;

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Outcome dataset</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          One row per signed decision of your boards, with what followed. Shown pseudonymised: no names, MRNs or dates; intervals in days from the
          decision; age in 5-year bands.
        </p>
      </div>

      <form className="card flex flex-wrap items-end gap-3" aria-label="Filter the dataset">
        <div>
          <label className="label" htmlFor="boardId">Board</label>
          <select id="boardId" name="boardId" className="field" defaultValue={filters.boardId ?? ""}>
            <option value="">All my boards</option>
            {facets.boards.map((b) => <option key={b.id} value={b.id}>{b.name}</option>)}
          </select>
        </div>
        <div>
          <label className="label" htmlFor="site">Site</label>
          <select id="site" name="site" className="field" defaultValue={filters.site ?? ""}>
            <option value="">Any</option>
            {facets.sites.map((s) => <option key={s}>{s}</option>)}
          </select>
        </div>
        <div>
          <label className="label" htmlFor="stageGroup">Stage group</label>
          <select id="stageGroup" name="stageGroup" className="field" defaultValue={filters.stageGroup ?? ""}>
            <option value="">Any</option>
            {facets.stageGroups.map((s) => <option key={s}>{s}</option>)}
          </select>
        </div>
        <div>
          <label className="label" htmlFor="year">Year of decision</label>
          <select id="year" name="year" className="field" defaultValue={filters.year ?? ""}>
            <option value="">Any</option>
            {facets.years.map((y) => <option key={y}>{y}</option>)}
          </select>
        </div>
        <button className="btn-primary" type="submit">Apply</button>
        <p className="ml-auto text-sm" role="status" aria-label="Row count">
          <strong>{report.keptRows}</strong> rows{report.suppressedRows > 0 ? ` (${report.suppressedRows} of ${report.totalRows} suppressed)` : ""}
        </p>
      </form>

      <section className="card space-y-2" aria-labelledby="kanon-heading">
        <h2 id="kanon-heading" className="font-semibold">k-anonymity (k = {report.k})</h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Rows are grouped by {report.quasiIdentifiers.map((q) => QI_LABELS[q] ?? q).join(", ").toLowerCase()}. Groups of fewer than {report.k} rows are
          left out of the pseudonymised view and its exports.
        </p>
        {report.suppressedClasses.length === 0 ? (
          <p className="text-sm">Nothing suppressed.</p>
        ) : (
          <table className="data-table" aria-label="Suppressed groups">
            <thead>
              <tr>
                {report.quasiIdentifiers.map((q) => <th key={q} scope="col">{QI_LABELS[q] ?? q}</th>)}
                <th scope="col">Rows suppressed</th>
              </tr>
            </thead>
            <tbody>
              {report.suppressedClasses.map((c, i) => (
                <tr key={i}>
                  {report.quasiIdentifiers.map((q) => <td key={q}>{c.values[q] ?? "—"}</td>)}
                  <td>{c.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <DatasetExport filters={filters} rows={report.keptRows} identifiableRows={report.totalRows} canExportIdentifiable={preview.can.exportIdentifiable} />

      <section className="card overflow-x-auto" aria-labelledby="rows-heading">
        <h2 id="rows-heading" className="mb-2 font-semibold">First {preview.rows.length} rows</h2>
        <table className="data-table whitespace-nowrap" aria-label="Dataset rows">
          <thead>
            <tr>{preview.columns.map((c) => <th key={c} scope="col">{c}</th>)}</tr>
          </thead>
          <tbody>
            {preview.rows.map((row, i) => (
              <tr key={i}>{preview.columns.map((c) => <td key={c}>{cellText(row[c])}</td>)}</tr>
            ))}
          </tbody>
        </table>
        {preview.rows.length === 0 && <p className="text-sm text-slate-500">No rows with these filters.</p>}
      </section>

      <section className="card overflow-x-auto" aria-labelledby="dictionary-heading">
        <h2 id="dictionary-heading" className="mb-2 font-semibold">Data dictionary</h2>
        <table className="data-table" aria-label="Data dictionary">
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Type</th>
              <th scope="col">Unit</th>
              <th scope="col">Meaning</th>
              <th scope="col">Pseudonymised export</th>
            </tr>
          </thead>
          <tbody>
            {dictionary.map((c) => (
              <tr key={c.name}>
                <td className="font-mono text-xs">{c.name}</td>
                <td>{c.type}</td>
                <td>{c.unit}</td>
                <td>{c.meaning}</td>
                <td>{c.pseudonymised ? (c.quasiIdentifier ? "kept (quasi-identifier)" : "kept") : "dropped"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
