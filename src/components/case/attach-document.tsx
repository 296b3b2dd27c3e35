"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { CASE_DOCUMENT_KIND_LABELS, CASE_DOCUMENT_KINDS, formatByteSize } from "@/domain/documents/case-document";

/**
 * "Attach document": a PDF report or letter (or a PNG/JPEG image) stored with the case. The server decides the type
 * by the file's first bytes and refuses anything else; its message is shown as it is.
 */
export function AttachDocument({ caseId, maxBytes }: { caseId: string; maxBytes: number }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [attached, setAttached] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setAttached(null);
    const data = new FormData(event.currentTarget);
    const file = data.get("file");
    if (!(file instanceof File) || file.size === 0) return setError(file instanceof File && file.name ? "The file is empty: choose a document to attach." : "Choose a document to attach.");
    if (file.size > maxBytes) return setError(`The file is ${formatByteSize(file.size)}; documents up to ${formatByteSize(maxBytes)} can be attached.`);
    setSending(true);
    try {
      const response = await fetch(`/api/cases/${caseId}/documents`, { method: "POST", body: data });
      const body = (await response.json().catch(() => null)) as { error?: string; fileName?: string } | null;
      if (!response.ok) return setError(body?.error ?? "The document could not be attached. Please try again.");
      setAttached(`Attached ${body?.fileName ?? file.name}.`);
      form.current?.reset();
      router.refresh();
    } catch {
      setError("The server could not be reached. Please try again.");
    } finally {
      setSending(false);
    }
  }

  return (
    <form ref={form} onSubmit={submit} className="grid gap-2 text-sm md:grid-cols-[auto_1fr_auto_auto] md:items-end" aria-label="Attach document">
      <label className="flex flex-col gap-1">
        <span className="label">Kind</span>
        <select name="kind" className="field" defaultValue="PATHOLOGY_REPORT">
          {CASE_DOCUMENT_KINDS.map((k) => (
            <option key={k} value={k}>{CASE_DOCUMENT_KIND_LABELS[k]}</option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1">
        <span className="label">Description</span>
        <input name="description" className="field" required maxLength={500} placeholder="e.g. Biopsy report, right upper lobe" />
      </label>
      <label className="flex flex-col gap-1">
        <span className="label">File (PDF, PNG or JPEG, up to {formatByteSize(maxBytes)})</span>
        <input name="file" type="file" accept="application/pdf,.pdf,image/png,image/jpeg" required />
      </label>
      <button type="submit" className="btn-primary" disabled={sending}>{sending ? "Attaching…" : "Attach document"}</button>
      {error && <p role="alert" className="text-red-700 md:col-span-4 dark:text-red-400">{error}</p>}
      {attached && <p role="status" className="text-green-700 md:col-span-4 dark:text-green-400">{attached}</p>}
    </form>
  );
}
