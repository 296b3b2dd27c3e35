"use client";

import Link from "next/link";
import { useEffect, useRef, useState, type DragEvent } from "react";
import { readDicomdir, resolveDicomdirFile, type DicomdirPatient } from "@/integrations/dicom/dicomdir";
import { planBatches, stowBody } from "./upload-batches";

type Status = "waiting" | "uploading" | "stored" | "duplicate" | "quarantined" | "rejected";

interface Row {
  name: string;
  size: number;
  file: File;
  status: Status;
  reason?: string;
}

interface StowFileResult {
  name: string;
  status: "stored" | "duplicate" | "quarantined" | "rejected";
  reason?: string;
}

const LABELS: Record<Status, string> = {
  waiting: "Waiting",
  uploading: "Uploading…",
  stored: "Stored",
  duplicate: "Already stored",
  quarantined: "Held in quarantine",
  rejected: "Rejected",
};
const TONES: Record<Status, string> = {
  waiting: "text-slate-500",
  uploading: "text-sky-700 dark:text-sky-300",
  stored: "text-emerald-700 dark:text-emerald-300",
  duplicate: "text-slate-600 dark:text-slate-300",
  quarantined: "text-amber-700 dark:text-amber-300",
  rejected: "text-rose-700 dark:text-rose-300",
};

/** A picked folder with a DICOMDIR (a patient CD or USB stick): the user decides per patient what is imported. */
interface Medium {
  dicomdirPath: string;
  files: File[];
  patients: DicomdirPatient[];
  /** Per patient: import, skip, or not decided yet (several patients: nothing is decided for the user). */
  choice: (boolean | null)[];
}

const pathOf = (file: File) => file.webkitRelativePath || file.name;

const MAX_FILES_PER_BATCH = 20;
const MAX_BYTES_PER_BATCH = 64 * 1024 * 1024;

/** Reads dropped folders too (Chrome, Edge, Firefox, Safari all offer webkitGetAsEntry). */
async function filesFromDrop(items: DataTransferItemList): Promise<File[]> {
  const entries = Array.from(items)
    .map((item) => item.webkitGetAsEntry?.())
    .filter((e): e is FileSystemEntry => e !== null && e !== undefined);
  const files: File[] = [];
  const walk = async (entry: FileSystemEntry): Promise<void> => {
    if (entry.isFile) {
      files.push(await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject)));
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
        if (batch.length === 0) break;
        for (const child of batch) await walk(child);
      }
    }
  };
  for (const entry of entries) await walk(entry);
  return files;
}

function post(endpoint: string, body: Blob, boundary: string, onProgress: (loaded: number) => void): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", endpoint);
    xhr.setRequestHeader("Content-Type", `multipart/related; type="application/dicom"; boundary=${boundary}`);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (event) => onProgress(event.loaded);
    xhr.onload = () => {
      let json: unknown = null;
      try {
        json = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: reported below by status
      }
      resolve({ status: xhr.status, json });
    };
    xhr.onerror = () => reject(new Error("The connection to the server was lost."));
    xhr.send(body);
  });
}

/** Upload DICOM files (or folders) to the built-in image store via STOW-RS, in batches, with per-file results. */
export function DicomUpload({ endpoint, maxFileBytes }: { endpoint: string; maxFileBytes: number }) {
  const [rows, setRows] = useState<Row[]>([]);
  const [sent, setSent] = useState(0);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [medium, setMedium] = useState<Medium | null>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    // Not in React's types: lets the second picker choose a whole folder (e.g. a DICOM CD).
    folderInput.current?.setAttribute("webkitdirectory", "");
  }, []);

  const total = rows.reduce((n, r) => n + r.size, 0);
  const addFolder = async (files: File[]) => {
    if (busy || files.length === 0) return;
    const dicomdir = files.filter((f) => /(^|\/)DICOMDIR$/i.test(pathOf(f))).sort((a, b) => pathOf(a).length - pathOf(b).length)[0];
    if (!dicomdir) return add(files);
    try {
      const patients = readDicomdir(new Uint8Array(await dicomdir.arrayBuffer()));
      if (patients.length === 0) throw new Error("The DICOMDIR lists no images.");
      setMessage(null);
      setMedium({ dicomdirPath: pathOf(dicomdir), files, patients, choice: patients.length === 1 ? [true] : patients.map(() => null) });
    } catch (error) {
      add(files.filter((f) => f !== dicomdir));
      setMessage(`${error instanceof Error ? error.message : "The DICOMDIR could not be read."} All files of the folder are listed instead.`);
    }
  };

  const addFromMedium = () => {
    if (!medium) return;
    const picked = medium.patients.flatMap((p, i) => (medium.choice[i] ? p.studies.flatMap((s) => s.files) : []));
    const entries = medium.files.map((file) => ({ path: pathOf(file), file }));
    const found = picked.map((ref) => resolveDicomdirFile(entries, medium.dicomdirPath, ref)).filter((e): e is { path: string; file: File } => e !== undefined);
    const missing = picked.length - found.length;
    setMedium(null);
    add(found.map((e) => e.file));
    if (missing > 0) setMessage(`${missing} file(s) listed in the DICOMDIR are not in the folder.`);
  };

  const add = (files: File[]) => {
    if (busy || files.length === 0) return;
    setMessage(null);
    setSent(0);
    setRows((current) => [
      ...current.filter((r) => r.status === "waiting"),
      ...files.map((file) => ({ name: file.webkitRelativePath || file.name, size: file.size, file, status: "waiting" as const })),
    ]);
  };

  async function upload() {
    const pending = rows.map((row, index) => ({ ...row, index })).filter((r) => r.status === "waiting");
    if (pending.length === 0) return;
    setBusy(true);
    setMessage(null);
    let done = rows.filter((r) => r.status !== "waiting").reduce((n, r) => n + r.size, 0);
    const update = (indexes: number[], change: (row: Row, i: number) => Row) =>
      setRows((current) => current.map((row, i) => (indexes.includes(i) ? change(row, indexes.indexOf(i)) : row)));
    for (const batch of planBatches(pending, MAX_FILES_PER_BATCH, Math.min(MAX_BYTES_PER_BATCH, maxFileBytes))) {
      const indexes = batch.map((b) => b.index);
      update(indexes, (row) => ({ ...row, status: "uploading" }));
      const boundary = `concilium-${crypto.randomUUID()}`;
      const batchBytes = batch.reduce((n, b) => n + b.size, 0);
      try {
        const { status, json } = await post(endpoint, stowBody(batch.map((b) => ({ file: b.file, name: b.name })), boundary), boundary, (loaded) =>
          setSent(done + Math.min(loaded, batchBytes)),
        );
        const files = (json as { files?: StowFileResult[] } | null)?.files;
        if (files && files.length === batch.length) {
          update(indexes, (row, i) => ({ ...row, status: files[i]!.status, reason: files[i]!.reason }));
        } else {
          const error = (json as { error?: string } | null)?.error ?? `The server answered with HTTP ${status}.`;
          update(indexes, (row) => ({ ...row, status: "rejected", reason: error }));
        }
      } catch (error) {
        update(indexes, (row) => ({ ...row, status: "rejected", reason: error instanceof Error ? error.message : "The upload failed." }));
      }
      done += batchBytes;
      setSent(done);
    }
    setBusy(false);
    setMessage("Upload finished.");
  }

  const count = (status: Status) => rows.filter((r) => r.status === status).length;
  const finished = rows.length - count("waiting") - count("uploading");
  const onDrop = async (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    add(event.dataTransfer.items.length ? await filesFromDrop(event.dataTransfer.items) : Array.from(event.dataTransfer.files));
  };

  return (
    <div className="space-y-4">
      <section
        aria-label="Choose or drop DICOM files"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        className={`card border-2 border-dashed text-center ${dragging ? "border-sky-600 bg-sky-50 dark:bg-sky-950" : ""}`}
      >
        <p className="mb-3 text-sm">Drop DICOM files or folders here, or choose them:</p>
        <div className="flex flex-wrap justify-center gap-3">
          <label className="btn cursor-pointer focus-within:ring-2 focus-within:ring-sky-600">
            Choose files
            <input type="file" multiple className="sr-only" disabled={busy} onChange={(e) => add(Array.from(e.target.files ?? []))} aria-describedby="upload-help" />
          </label>
          <label className="btn cursor-pointer focus-within:ring-2 focus-within:ring-sky-600">
            Choose a folder
            <input ref={folderInput} type="file" multiple className="sr-only" disabled={busy} onChange={(e) => void addFolder(Array.from(e.target.files ?? []))} aria-describedby="upload-help" />
          </label>
        </div>
        <p id="upload-help" className="mt-2 text-xs text-slate-500">
          Files whose Patient ID, name and birth date match a patient are stored; others are held in quarantine for review. Up to{" "}
          {Math.round(maxFileBytes / 1024 / 1024)} MiB per file.
        </p>
      </section>

      {medium && (
        <section className="card space-y-3" aria-labelledby="medium-heading">
          <h2 id="medium-heading" className="text-base font-semibold">
            Patient CD: {medium.patients.length} patient{medium.patients.length === 1 ? "" : "s"}
          </h2>
          {medium.patients.length > 1 && <p className="text-sm">This medium holds images of several patients. Choose for each patient whether to import their images.</p>}
          {medium.patients.map((p, i) => (
            <fieldset key={`${p.patientId}-${i}`} className="rounded border border-slate-200 p-2 text-sm dark:border-slate-700">
              <legend className="px-1 font-medium">
                {p.patientName || "No name"} (Patient ID {p.patientId || "none"}{p.birthDate ? `, born ${p.birthDate}` : ""})
              </legend>
              <ul className="mb-2 list-disc pl-5">
                {p.studies.map((s) => (
                  <li key={s.studyInstanceUid}>
                    {[s.studyDate, s.modalities.join("/"), s.description].filter(Boolean).join(" · ")}: {s.files.length} file{s.files.length === 1 ? "" : "s"}
                  </li>
                ))}
              </ul>
              <div className="flex gap-4">
                {([true, false] as const).map((value) => (
                  <label key={String(value)} className="flex items-center gap-1">
                    <input
                      type="radio"
                      name={`medium-patient-${i}`}
                      checked={medium.choice[i] === value}
                      onChange={() => setMedium({ ...medium, choice: medium.choice.map((c, j) => (j === i ? value : c)) })}
                    />
                    {value ? "Import" : "Skip"}
                  </label>
                ))}
              </div>
            </fieldset>
          ))}
          <div className="flex flex-wrap gap-3">
            <button type="button" className="btn-primary" onClick={addFromMedium} disabled={medium.choice.some((c) => c === null) || !medium.choice.some(Boolean)}>
              List the chosen patients&apos; files
            </button>
            <button type="button" className="btn" onClick={() => setMedium(null)}>
              Cancel
            </button>
          </div>
        </section>
      )}

      {rows.length > 0 && (
        <section className="card space-y-3" aria-labelledby="upload-heading">
          <div className="flex flex-wrap items-center gap-3">
            <h2 id="upload-heading" className="text-base font-semibold">
              {rows.length} file{rows.length === 1 ? "" : "s"}
            </h2>
            <button type="button" className="btn-primary" onClick={upload} disabled={busy || count("waiting") === 0}>
              {busy ? "Uploading…" : `Upload ${count("waiting")} file${count("waiting") === 1 ? "" : "s"}`}
            </button>
            {!busy && (
              <button type="button" className="btn" onClick={() => setRows([])}>
                Clear list
              </button>
            )}
          </div>
          <div>
            <label htmlFor="upload-progress" className="label">
              Upload progress: {finished} of {rows.length} files done
            </label>
            <progress id="upload-progress" className="w-full" max={Math.max(total, 1)} value={sent} aria-valuetext={`${Math.round((sent / Math.max(total, 1)) * 100)}%, ${finished} of ${rows.length} files done`} />
          </div>
          <p role="status" aria-live="polite" className="text-sm">
            {message && `${message} `}
            {finished > 0 && `${count("stored")} stored, ${count("duplicate")} already stored, ${count("quarantined")} held in quarantine, ${count("rejected")} rejected.`}{" "}
            {count("quarantined") > 0 && (
              <Link className="link" href="/imaging/quarantine">
                Review the quarantine
              </Link>
            )}
          </p>
          <table className="data-table" aria-label="Upload results">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Result</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => (
                <tr key={`${row.name}-${i}`}>
                  <td className="break-all">{row.name}</td>
                  <td className={`whitespace-nowrap font-medium ${TONES[row.status]}`}>{LABELS[row.status]}</td>
                  <td>{row.reason ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
