"use client";

import { useState } from "react";
import { ProgressBar } from "@/components/slides/progress-bar";

interface PreviewRow {
  line: number;
  caseExternalId: string | null;
  action: "create" | "update" | null;
  patient: "new" | "existing" | null;
  outcomes: number;
  errors: string[];
}

interface ImportResult {
  dryRun: boolean;
  imported: boolean;
  refusal: string | null;
  fileErrors: string[];
  counts: { rows: number; valid: number; refused: number; casesToCreate: number; casesToUpdate: number; patientsToCreate: number; outcomes: number };
  rows: PreviewRow[];
  applied: { patientsCreated: number; casesCreated: number; casesUpdated: number; decisionVersionsCreated: number; outcomesCreated: number; outcomeVersionsCreated: number; unchanged: number } | null;
}

type ImportEvent = { type: "progress"; done: number; total: number } | { type: "result"; result: ImportResult } | { type: "error"; message: string };

/** Rows shown in the preview: every row with an error, and the first of the others. */
const OK_ROWS_SHOWN = 50;

const formatOf = (file: File) => (/\.json$/i.test(file.name) || file.type.includes("json") ? "fhir" : "csv");
const plural = (n: number, word: string) => `${n.toLocaleString("en-GB")} ${word}${n === 1 ? "" : "s"}`;

async function refusalText(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: string } | null;
  return body?.error ?? `The server answered ${response.status}.`;
}

/**
 * Choose a file (history CSV or FHIR mCODE Bundle), check it (a dry run: what would be created or updated, every
 * row's errors by line), then import it, all or nothing or only the valid rows, with progress while rows are written.
 */
export function HistoryImportForm({ boards, maxBytes }: { boards: { id: string; name: string }[]; maxBytes: number }) {
  const [boardId, setBoardId] = useState(boards[0]?.id ?? "");
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [validRowsOnly, setValidRowsOnly] = useState(false);
  const [busy, setBusy] = useState<"checking" | "importing" | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const endpoint = (query: string) => `/api/boards/${encodeURIComponent(boardId)}/history-import?format=${file ? formatOf(file) : "csv"}${query}`;
  const reset = () => {
    setPreview(null);
    setResult(null);
    setError(null);
    setProgress(null);
    setValidRowsOnly(false);
  };

  async function check() {
    if (!file) return;
    reset();
    if (file.size > maxBytes) {
      setError(`The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB, the limit for one history import. Split it into several files.`);
      return;
    }
    setBusy("checking");
    try {
      const response = await fetch(endpoint("&dryRun=1"), { method: "POST", body: file, headers: { "content-type": file.type || "text/csv" } });
      if (!response.ok) setError(await refusalText(response));
      else setPreview((await response.json()) as ImportResult);
    } catch {
      setError("The file could not be sent. Check the connection and try again.");
    } finally {
      setBusy(null);
    }
  }

  async function runImport() {
    if (!file) return;
    setBusy("importing");
    setError(null);
    setProgress(null);
    try {
      const response = await fetch(endpoint(validRowsOnly ? "&validRowsOnly=1" : ""), { method: "POST", body: file, headers: { "content-type": file.type || "text/csv" } });
      if (!response.ok || !response.body) {
        setError(await refusalText(response));
        return;
      }
      // One JSON event per line: progress while the rows are written, then the result.
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += value;
        const lines = buffer.split("\n");
        buffer = lines.pop() ?? "";
        for (const line of lines.filter(Boolean)) {
          const event = JSON.parse(line) as ImportEvent;
          if (event.type === "progress") setProgress({ done: event.done, total: event.total });
          else if (event.type === "result") {
            setResult(event.result);
            setPreview(null);
          } else setError(event.message);
        }
      }
    } catch {
      setError("The connection broke during the import. Check the board's cases before importing again (a re-import never duplicates).");
    } finally {
      setBusy(null);
    }
  }

  const shown = preview ? [...preview.rows.filter((r) => r.errors.length > 0), ...preview.rows.filter((r) => r.errors.length === 0).slice(0, OK_ROWS_SHOWN)] : [];
  const canImport = preview !== null && preview.fileErrors.length === 0 && preview.counts.valid > 0 && (preview.counts.refused === 0 || validRowsOnly);

  return (
    <div className="space-y-4">
      <section className="card space-y-3" aria-labelledby="file-heading">
        <h2 id="file-heading" className="text-base font-semibold">File</h2>
        <div className="flex flex-wrap items-end gap-4">
          <div>
            <label className="label" htmlFor="history-board">Board</label>
            <select id="history-board" className="input" value={boardId} onChange={(e) => { setBoardId(e.target.value); reset(); }}>
              {boards.map((b) => (
                <option key={b.id} value={b.id}>{b.name}</option>
              ))}
            </select>
          </div>
          <div>
            <label className="label" htmlFor="history-file">History file (CSV or FHIR Bundle, JSON)</label>
            <input
              id="history-file"
              className="block text-sm"
              type="file"
              accept=".csv,text/csv,.json,application/json,application/fhir+json"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                reset();
              }}
            />
          </div>
          <button type="button" className="btn-primary" disabled={!file || !boardId || busy !== null} onClick={check}>
            {busy === "checking" ? "Checking…" : "Check file"}
          </button>
        </div>
        <p className="text-xs text-slate-600 dark:text-slate-400">
          Checking writes nothing. The columns and an example file are described in the README under <em>Import history</em>.
        </p>
      </section>

      {error && (
        <p role="alert" className="card border-rose-300 text-sm text-rose-800 dark:border-rose-900 dark:text-rose-200">
          {error}
        </p>
      )}

      {preview && (
        <section className="card space-y-3" aria-labelledby="preview-heading">
          <h2 id="preview-heading" className="text-base font-semibold">Preview</h2>
          {preview.fileErrors.length > 0 ? (
            <ul role="alert" className="list-disc pl-5 text-sm text-rose-800 dark:text-rose-200">
              {preview.fileErrors.map((e) => <li key={e}>{e}</li>)}
            </ul>
          ) : (
            <>
              <p className="text-sm" aria-label="Preview summary">
                {plural(preview.counts.rows, "row")}: {preview.counts.valid.toLocaleString("en-GB")} valid, {preview.counts.refused.toLocaleString("en-GB")} with errors. Would create{" "}
                {plural(preview.counts.casesToCreate, "case")} and {plural(preview.counts.patientsToCreate, "patient")}, update {plural(preview.counts.casesToUpdate, "case")}, and bring in{" "}
                {plural(preview.counts.outcomes, "outcome")}.
              </p>
              <div className="max-h-96 overflow-auto">
                <table className="data-table" aria-label="Rows of the file">
                  <thead>
                    <tr>
                      <th scope="col">Line</th>
                      <th scope="col">Case id</th>
                      <th scope="col">Would</th>
                      <th scope="col">Outcomes</th>
                      <th scope="col">Errors</th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.map((r) => (
                      <tr key={r.line} className={r.errors.length ? "bg-rose-50 dark:bg-rose-950/40" : undefined}>
                        <td className="tabular-nums">{r.line}</td>
                        <td>{r.caseExternalId ?? "—"}</td>
                        <td>{r.errors.length ? "be refused" : `${r.action === "update" ? "update" : "create"} the case${r.patient === "new" ? ", new patient" : ""}`}</td>
                        <td className="tabular-nums">{r.outcomes}</td>
                        <td className="text-rose-800 dark:text-rose-200">{r.errors.join(" ")}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {preview.rows.length > shown.length && <p className="text-xs text-slate-500">{plural(preview.rows.length - shown.length, "more valid row")} not shown.</p>}
              {preview.counts.refused > 0 && (
                <label className="flex items-center gap-2 text-sm">
                  <input type="checkbox" checked={validRowsOnly} onChange={(e) => setValidRowsOnly(e.target.checked)} />
                  Import only the {plural(preview.counts.valid, "valid row")} (the {plural(preview.counts.refused, "row")} with errors are left out)
                </label>
              )}
              <button type="button" className="btn-primary" disabled={!canImport || busy !== null} onClick={runImport}>
                {busy === "importing" ? "Importing…" : preview.counts.refused > 0 ? "Import valid rows" : "Import"}
              </button>
              {preview.counts.refused > 0 && !validRowsOnly && (
                <p className="text-xs text-slate-600 dark:text-slate-400">A file is imported all or nothing: correct the rows with errors, or import only the valid rows.</p>
              )}
            </>
          )}
        </section>
      )}

      {(busy === "importing" || progress !== null) && (
        <section className="card" aria-label="Import progress">
          <ProgressBar
            label="Importing rows"
            fraction={progress ? progress.done / progress.total : 0}
            valueText={progress ? `${progress.done} of ${progress.total} rows written` : "Checking the file"}
          />
        </section>
      )}

      {result && (
        <section className="card space-y-2" aria-labelledby="result-heading">
          <h2 id="result-heading" className="text-base font-semibold">{result.imported ? "Imported" : "Nothing imported"}</h2>
          {result.refusal && <p role="alert" className="text-sm text-rose-800 dark:text-rose-200">{result.refusal}</p>}
          {result.applied && (
            <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4">
              <dt className="text-slate-500">Cases created</dt>
              <dd className="tabular-nums">{result.applied.casesCreated}</dd>
              <dt className="text-slate-500">Cases updated</dt>
              <dd className="tabular-nums">{result.applied.casesUpdated}</dd>
              <dt className="text-slate-500">Patients created</dt>
              <dd className="tabular-nums">{result.applied.patientsCreated}</dd>
              <dt className="text-slate-500">Outcomes created</dt>
              <dd className="tabular-nums">{result.applied.outcomesCreated}</dd>
              <dt className="text-slate-500">New versions (decisions, outcomes)</dt>
              <dd className="tabular-nums">{result.applied.decisionVersionsCreated + result.applied.outcomeVersionsCreated}</dd>
              <dt className="text-slate-500">Unchanged rows</dt>
              <dd className="tabular-nums">{result.applied.unchanged}</dd>
              <dt className="text-slate-500">Rows left out</dt>
              <dd className="tabular-nums">{result.counts.refused}</dd>
            </dl>
          )}
        </section>
      )}
    </div>
  );
}
