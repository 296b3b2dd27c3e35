"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { MAX_IMPORT_FILE_BYTES, MAX_IMPORT_FILE_LABEL } from "@/integrations/findings-json/import-limits";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "@/components/error-message";

type FileKind = "sr" | "seg" | "json";

const KIND_OPTIONS: [FileKind, string][] = [
  ["sr", "DICOM SR measurement report (TID 1500)"],
  ["seg", "DICOM SEG segmentation"],
  ["json", "Findings JSON (concilium-findings/1)"],
];

export interface FindingImportResult {
  created: number;
  alreadyPresent: number;
  createdFindingIds: string[];
}

export interface FindingImportProps {
  patientId: string;
  /** Called after a successful import (the page is refreshed as well). */
  onImported?: (result: FindingImportResult) => void;
}

/** Reads the file as base64 in the browser, reporting how far it got. */
function readAsBase64(file: File, onProgress: (fraction: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    reader.onerror = () => reject(reader.error ?? new Error("The file could not be read."));
    // A data URL is "data:<type>;base64,<payload>": the payload is all the API needs.
    reader.onload = () => resolve(String(reader.result).slice(String(reader.result).indexOf(",") + 1));
    reader.readAsDataURL(file);
  });
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Imports AI results for a patient: a DICOM SR (TID 1500), a DICOM SEG or a findings JSON file. */
export function FindingImport({ patientId, onImported }: FindingImportProps) {
  const trpc = useTRPC();
  const router = useRouter();
  const importFile = useMutation(trpc.finding.import.mutationOptions());
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<FileKind>("sr");
  const [progress, setProgress] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const fileId = useId();
  const kindId = useId();
  const busy = progress !== null;

  function choose(chosen: File | null) {
    setFile(chosen);
    setStatus(null);
    if (chosen?.name.toLowerCase().endsWith(".json")) setKind("json");
    else if (chosen && kind === "json") setKind("sr");
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) {
      setStatus("Choose a file to import.");
      return;
    }
    if (file.size > MAX_IMPORT_FILE_BYTES) {
      setStatus(`${file.name} is larger than ${MAX_IMPORT_FILE_LABEL}, the most one import takes.`);
      return;
    }
    setStatus(null);
    try {
      setProgress("Reading the file…");
      const payloadBase64 = await readAsBase64(file, (fraction) => setProgress(`Reading the file… ${Math.round(fraction * 100)}%`));
      setProgress("Importing…");
      const result = await importFile.mutateAsync({ patientId, kind, payloadBase64 });
      setStatus(
        result.created === 0
          ? `Nothing new: the ${plural(result.alreadyPresent, "finding")} of ${file.name} were imported before.`
          : `Imported ${plural(result.created, "finding")} from ${file.name}${result.alreadyPresent ? ` (${result.alreadyPresent} were already there)` : ""}. They wait for review.`,
      );
      onImported?.(result);
      router.refresh();
    } catch (error) {
      setStatus(errorMessage(error, "The import failed; nothing was stored. Try again."));
    } finally {
      setProgress(null);
    }
  }

  return (
    <form onSubmit={submit} aria-label="Import AI findings" className="space-y-2">
      <div className="flex flex-wrap items-end gap-2">
        <div>
          <label className="label" htmlFor={fileId}>File</label>
          <input
            id={fileId}
            type="file"
            className="field"
            accept=".dcm,.json,application/dicom,application/json"
            disabled={busy}
            onChange={(e) => choose(e.target.files?.[0] ?? null)}
          />
        </div>
        <div>
          <label className="label" htmlFor={kindId}>Type</label>
          <select id={kindId} className="field" value={kind} disabled={busy} onChange={(e) => setKind(e.target.value as FileKind)}>
            {KIND_OPTIONS.map(([value, label]) => (
              <option key={value} value={value}>{label}</option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn-primary" disabled={busy || !file}>
          {busy ? "Importing…" : "Import"}
        </button>
      </div>
      <p role="status" aria-live="polite" className="text-sm">{progress ?? status}</p>
    </form>
  );
}
