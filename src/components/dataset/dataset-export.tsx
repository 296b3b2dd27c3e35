"use client";

import { useState } from "react";

export interface DatasetFilterValues {
  boardId?: string;
  site?: string;
  stageGroup?: string;
  year?: string;
}

const FORMATS = [
  { format: "csv", label: "CSV" },
  { format: "parquet", label: "Parquet" },
  { format: "ndjson", label: "FHIR NDJSON" },
] as const;
type Format = (typeof FORMATS)[number]["format"];

/**
 * Rows received so far, counted in the stream itself: CSV records end with CRLF (a line break inside a field is a
 * bare LF), and each row's NDJSON starts with its Patient. Parquet's row groups cannot be counted without parsing:
 * its bar follows the bytes, against the size the first row groups predict.
 */
function rowCounter(format: Format) {
  const decoder = new TextDecoder();
  let carry = "";
  let seen = format === "csv" ? -1 : 0; // the CSV header is a record too
  const marker = format === "csv" ? "\r\n" : '{"resourceType":"Patient"';
  return (chunk: Uint8Array) => {
    const text = carry + decoder.decode(chunk, { stream: true });
    let at = text.indexOf(marker);
    let last = -1;
    while (at !== -1) {
      seen += 1;
      last = at;
      at = text.indexOf(marker, at + marker.length);
    }
    carry = text.slice(last === -1 ? Math.max(0, text.length - marker.length) : last + marker.length);
    return seen;
  };
}

async function download(response: Response, onProgress: (done: number) => void, count: ((chunk: Uint8Array) => number) | null, expectedRows: number) {
  const reader = response.body!.getReader();
  const parts: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    bytes += value.length;
    // Parquet: about 70 bytes a row once compressed; the bar stops short of the end until the file is complete.
    onProgress(count ? count(value) : Math.min(expectedRows - 1, Math.floor(bytes / 70)));
  }
  onProgress(expectedRows);
  const name = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? "dataset";
  const url = URL.createObjectURL(new Blob(parts as BlobPart[], { type: response.headers.get("content-type") ?? "application/octet-stream" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

/** The export buttons: pseudonymised for everyone who sees the dataset, identifiable with a reason for chairs. */
export function DatasetExport({ filters, rows, identifiableRows, canExportIdentifiable }: { filters: DatasetFilterValues; rows: number; identifiableRows: number; canExportIdentifiable: boolean }) {
  const [busy, setBusy] = useState<{ format: Format; expected: number; done: number } | null>(null);
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [reason, setReason] = useState("");

  const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v) as [string, string][]);

  async function run(format: Format, identifiable: boolean) {
    const expected = identifiable ? identifiableRows : rows;
    setBusy({ format, expected, done: 0 });
    setMessage(null);
    try {
      const response = identifiable
        ? await fetch(`/api/dataset/export/identifiable/${format}`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ reason, filters: { ...filters, year: filters.year ? Number(filters.year) : null } }),
          })
        : await fetch(`/api/dataset/export/${format}?${query}`);
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { error?: string } | null;
        throw new Error(body?.error ?? "The export failed.");
      }
      const total = Number(response.headers.get("x-dataset-rows") ?? expected);
      const name = await download(response, (done) => setBusy({ format, expected: total, done: Math.min(done, total) }), format === "parquet" ? null : rowCounter(format), total);
      setMessage({ tone: "ok", text: `Downloaded ${name}: ${total} rows.` });
      if (identifiable) setReason("");
    } catch (error) {
      setMessage({ tone: "error", text: error instanceof Error ? error.message : "The export failed." });
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="card space-y-3" aria-labelledby="export-heading">
      <h2 id="export-heading" className="font-semibold">Export for research</h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Pseudonymised: {rows} rows with the filters above, the columns marked &ldquo;kept&rdquo; in the dictionary, small groups suppressed.
      </p>
      <div className="flex flex-wrap gap-2">
        {FORMATS.map(({ format, label }) => (
          <button key={format} type="button" className="btn" disabled={busy !== null} onClick={() => void run(format, false)}>
            Download {label}
          </button>
        ))}
      </div>
      {canExportIdentifiable && (
        <form
          className="space-y-2 border-t border-slate-200 pt-3 dark:border-slate-800"
          aria-label="Identifiable export"
          onSubmit={(e) => {
            e.preventDefault();
            void run("csv", true);
          }}
        >
          <h3 className="text-sm font-semibold">Identifiable export (chairs)</h3>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {identifiableRows} rows with names, MRNs, birth and decision dates, nothing suppressed. Your reason is written to the audit log.
          </p>
          <div>
            <label className="label" htmlFor="export-reason">Reason for the identifiable export</label>
            <textarea id="export-reason" className="field" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} minLength={10} maxLength={1000} required />
          </div>
          <button type="submit" className="btn-danger" disabled={busy !== null || reason.trim().length < 10}>
            Export identifiable CSV
          </button>
        </form>
      )}
      {busy && (
        <div>
          <label className="label" htmlFor="export-progress">Exporting {busy.format.toUpperCase()}: {busy.done} of {busy.expected} rows</label>
          <progress id="export-progress" className="h-2 w-full" max={Math.max(busy.expected, 1)} value={busy.done} />
        </div>
      )}
      {message && (
        <p role={message.tone === "error" ? "alert" : "status"} className={message.tone === "error" ? "text-sm text-rose-700 dark:text-rose-300" : "text-sm text-emerald-700 dark:text-emerald-300"}>
          {message.text}
        </p>
      )}
    </section>
  );
}
