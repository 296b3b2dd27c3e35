"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTRPC } from "@/trpc/react";
import { ProgressBar } from "./progress-bar";

type Phase = { step: "idle" } | { step: "uploading"; fraction: number } | { step: "converting"; slideId: string } | { step: "failed"; message: string };

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(bytes % 1024 ** 3 === 0 ? 0 : 1)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(0)} KiB`;
  return `${bytes} bytes`;
}

function uploadError(xhr: XMLHttpRequest): string {
  try {
    const body = JSON.parse(xhr.responseText) as { error?: string };
    if (body.error) return body.error;
  } catch {
    // Not JSON (e.g. a proxy's error page): fall through to the status.
  }
  return `The upload failed (HTTP ${xhr.status}). Try again.`;
}

/**
 * Uploads a slide file for a patient: the file goes up with XMLHttpRequest (whose upload events give a real progress
 * bar), then a second bar follows the conversion by polling slide.importStatus.
 */
export function UploadSlideForm({ patientId, caseId, maxUploadBytes }: { patientId: string; caseId: string | null; maxUploadBytes: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [label, setLabel] = useState("");
  const [specimen, setSpecimen] = useState("");
  const [stain, setStain] = useState("H&E");
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>({ step: "idle" });
  const xhrRef = useRef<XMLHttpRequest | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const slideId = phase.step === "converting" ? phase.slideId : null;
  const status = useQuery(
    trpc.slide.importStatus.queryOptions(
      { slideId: slideId ?? "" },
      {
        enabled: slideId !== null,
        staleTime: 0,
        refetchInterval: (query) => (query.state.data && query.state.data.importStatus !== "CONVERTING" && query.state.data.importStatus !== "PENDING" ? false : 500),
      },
    ),
  );
  const finished = status.data?.importStatus === "READY" || status.data?.importStatus === "FAILED";

  useEffect(() => {
    if (finished) void queryClient.invalidateQueries({ queryKey: trpc.slide.listForPatient.queryKey({ patientId }) });
  }, [finished, patientId, queryClient, trpc]);
  useEffect(() => () => xhrRef.current?.abort(), []);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) return setPhase({ step: "failed", message: "Choose a slide file first." });
    if (file.size > maxUploadBytes) {
      return setPhase({ step: "failed", message: `The file is ${formatBytes(file.size)}; slides up to ${formatBytes(maxUploadBytes)} can be uploaded.` });
    }
    const query = new URLSearchParams({ patientId, label, specimen, stain });
    const xhr = new XMLHttpRequest();
    xhrRef.current = xhr;
    xhr.open("POST", `/api/slides/upload?${query}`);
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) setPhase({ step: "uploading", fraction: e.loaded / e.total });
    };
    xhr.onload = () => {
      xhrRef.current = null;
      if (xhr.status === 202) {
        const { slideId: created } = JSON.parse(xhr.responseText) as { slideId: string };
        setPhase({ step: "converting", slideId: created });
        setLabel("");
        setSpecimen("");
        setFile(null);
        if (fileInput.current) fileInput.current.value = "";
      } else {
        setPhase({ step: "failed", message: uploadError(xhr) });
      }
    };
    xhr.onerror = () => setPhase({ step: "failed", message: "The upload was interrupted. Check the connection and try again." });
    xhr.onabort = () => setPhase({ step: "failed", message: "Upload cancelled." });
    setPhase({ step: "uploading", fraction: 0 });
    xhr.send(file);
  }

  const busy = phase.step === "uploading" || (phase.step === "converting" && !finished);

  return (
    <form onSubmit={submit} aria-label="Upload a slide" className="space-y-3">
      <div className="grid grid-cols-1 gap-2 md:grid-cols-3">
        <div>
          <label className="label" htmlFor="slide-label">Label</label>
          <input id="slide-label" className="field" required maxLength={200} placeholder="e.g. Block A1, level 2" value={label} onChange={(e) => setLabel(e.target.value)} />
        </div>
        <div>
          <label className="label" htmlFor="slide-specimen">Specimen</label>
          <input id="slide-specimen" className="field" required maxLength={300} placeholder="e.g. Right upper lobe, core biopsy" value={specimen} onChange={(e) => setSpecimen(e.target.value)} />
        </div>
        <div>
          <label className="label" htmlFor="slide-stain">Stain</label>
          <input id="slide-stain" className="field" required maxLength={100} value={stain} onChange={(e) => setStain(e.target.value)} />
        </div>
      </div>
      <div>
        <label className="label" htmlFor="slide-file">Slide file (Aperio SVS, tiled TIFF or DICOM WSI; up to {formatBytes(maxUploadBytes)})</label>
        <input
          id="slide-file"
          ref={fileInput}
          type="file"
          required
          accept=".svs,.tif,.tiff,.dcm,image/tiff,application/dicom"
          className="block text-sm"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </div>
      <div className="flex items-center gap-2">
        <button type="submit" className="btn-primary" disabled={busy}>Upload slide</button>
        {phase.step === "uploading" && (
          <button type="button" className="btn" onClick={() => xhrRef.current?.abort()}>Cancel upload</button>
        )}
      </div>
      {phase.step === "uploading" && <ProgressBar label="Upload progress" fraction={phase.fraction} valueText={`${Math.round(phase.fraction * 100)} % uploaded`} />}
      {phase.step === "converting" && (
        <>
          <ProgressBar label="Upload progress" fraction={1} valueText="Uploaded" />
          <ProgressBar
            label="Conversion progress"
            fraction={status.data?.importProgress ?? 0}
            valueText={status.data?.importStatus === "READY" ? "Converted" : `${Math.round((status.data?.importProgress ?? 0) * 100)} % converted`}
          />
        </>
      )}
      <p role="status" aria-live="polite" className="text-sm">
        {phase.step === "failed" && phase.message}
        {phase.step === "converting" && status.data?.importStatus === "FAILED" && `The conversion failed: ${status.data.importError ?? "unknown error"}`}
        {phase.step === "converting" && status.data?.importStatus === "READY" && (
          <>
            The slide is ready.{" "}
            <Link className="link" href={`/slides/${phase.slideId}${caseId ? `?case=${caseId}` : ""}`}>Open it</Link>
          </>
        )}
        {phase.step === "converting" && !finished && "Uploaded. Converting the slide into tiles…"}
      </p>
    </form>
  );
}
