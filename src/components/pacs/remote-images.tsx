"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/react";

/** One study on the remote node, as `remote.query` returns it. */
type RemoteStudy = inferRouterOutputs<AppRouter>["remote"]["query"][number];

type Outcome = { kind: "ok"; text: string; quarantined: boolean } | { kind: "error"; text: string };

const errorText = (error: unknown, fallback: string) => (error instanceof TRPCClientError ? error.message : fallback);

/**
 * Search another hospital's DICOMweb node for this patient and bring chosen studies into Concilium. Studies are
 * retrieved one after another; each is kept whole or not at all.
 */
export function RemoteImages({ patientId, mrn, nodes }: { patientId: string; mrn: string; nodes: { id: string; name: string }[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [nodeId, setNodeId] = useState(nodes[0]?.id ?? "");
  const [by, setBy] = useState<"patient-id" | "name-and-birth-date">("patient-id");
  const [remotePatientId, setRemotePatientId] = useState(mrn);
  const [studies, setStudies] = useState<RemoteStudy[] | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [searchError, setSearchError] = useState<string | null>(null);
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const [progress, setProgress] = useState<{ done: number; total: number; current: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const poll = useRef<ReturnType<typeof setInterval> | null>(null);
  const search = useMutation(trpc.remote.query.mutationOptions());
  const retrieve = useMutation(trpc.remote.retrieve.mutationOptions());
  const nodeName = nodes.find((n) => n.id === nodeId)?.name ?? "";

  useEffect(() => () => clearInterval(poll.current ?? undefined), []);

  async function find() {
    setSearchError(null);
    setStudies(null);
    setChosen(new Set());
    setOutcomes({});
    setProgress(null);
    try {
      const found = await search.mutateAsync({ patientId, nodeId, by, remotePatientId: by === "patient-id" ? remotePatientId.trim() || undefined : undefined });
      setStudies(found);
    } catch (error) {
      setSearchError(errorText(error, `${nodeName} could not be searched.`));
    }
  }

  async function retrieveChosen() {
    const list = (studies ?? []).filter((s) => chosen.has(s.studyInstanceUid));
    if (list.length === 0) return;
    setBusy(true);
    const totalImages = list.reduce((n, s) => n + Math.max(s.numberOfInstances, 1), 0);
    let doneImages = 0;
    setProgress({ done: 0, total: totalImages, current: null });
    for (const study of list) {
      const retrievalId = crypto.randomUUID();
      const expected = Math.max(study.numberOfInstances, 1);
      setProgress({ done: doneImages, total: totalImages, current: study.studyInstanceUid });
      // The server counts the images as they arrive; ask now and then while the study comes in. An answer that
      // arrives after the study finished is ignored (it would count the study twice).
      const base = doneImages;
      let finished = false;
      poll.current = setInterval(() => {
        void queryClient
          .fetchQuery({ ...trpc.remote.progress.queryOptions({ retrievalId }), staleTime: 0 })
          .then((p) => p && !finished && setProgress((current) => current && { ...current, done: base + Math.min(p.received, expected) }))
          .catch(() => undefined);
      }, 400);
      try {
        const result = await retrieve.mutateAsync({ patientId, nodeId, studyInstanceUid: study.studyInstanceUid, retrievalId, expected: study.numberOfInstances });
        setOutcomes((o) => ({ ...o, [study.studyInstanceUid]: { kind: "ok", quarantined: result.quarantined > 0, text: `${result.received} image(s) received. ${result.message}` } }));
      } catch (error) {
        setOutcomes((o) => ({ ...o, [study.studyInstanceUid]: { kind: "error", text: errorText(error, "The study could not be retrieved; nothing of it was kept.") } }));
      } finally {
        finished = true;
        clearInterval(poll.current ?? undefined);
        poll.current = null;
      }
      doneImages += expected;
      setProgress({ done: doneImages, total: totalImages, current: null });
    }
    setBusy(false);
    setChosen(new Set());
    router.refresh();
  }

  const toggle = (uid: string) =>
    setChosen((current) => {
      const next = new Set(current);
      if (next.has(uid)) next.delete(uid);
      else next.add(uid);
      return next;
    });
  const percent = progress ? Math.round((progress.done / Math.max(progress.total, 1)) * 100) : 0;
  const anyQuarantined = Object.values(outcomes).some((o) => o.kind === "ok" && o.quarantined);

  return (
    <section className="card space-y-3" aria-labelledby="remote-heading">
      <h2 id="remote-heading" className="text-base font-semibold">Images from another hospital</h2>
      <form
        className="flex flex-wrap items-end gap-3 text-sm"
        aria-label="Search another hospital"
        onSubmit={(e) => {
          e.preventDefault();
          void find();
        }}
      >
        <label className="flex flex-col">
          <span className="label">Hospital</span>
          <select className="field w-auto" value={nodeId} onChange={(e) => setNodeId(e.target.value)} disabled={busy}>
            {nodes.map((n) => (
              <option key={n.id} value={n.id}>
                {n.name}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="flex flex-col">
          <legend className="label">Search by</legend>
          <div className="flex gap-3">
            <label className="flex items-center gap-1">
              <input type="radio" name="remote-by" checked={by === "patient-id"} onChange={() => setBy("patient-id")} disabled={busy} /> Patient ID
            </label>
            <label className="flex items-center gap-1">
              <input type="radio" name="remote-by" checked={by === "name-and-birth-date"} onChange={() => setBy("name-and-birth-date")} disabled={busy} /> Name and birth date
            </label>
          </div>
        </fieldset>
        {by === "patient-id" && (
          <label className="flex flex-col">
            <span className="label">Patient ID at that hospital</span>
            <input className="field w-auto" value={remotePatientId} onChange={(e) => setRemotePatientId(e.target.value)} disabled={busy} maxLength={64} />
          </label>
        )}
        <button type="submit" className="btn" disabled={busy || search.isPending || !nodeId}>
          {search.isPending ? `Searching ${nodeName}…` : "Search"}
        </button>
      </form>
      {searchError && (
        <p role="alert" className="text-sm text-rose-700 dark:text-rose-300">
          {searchError}
        </p>
      )}

      {studies && studies.length === 0 && <p role="status" className="text-sm">{nodeName} holds no studies for this search.</p>}
      {studies && studies.length > 0 && (
        <>
          <table className="data-table" aria-label={`Studies at ${nodeName}`}>
            <thead>
              <tr>
                <th scope="col">Retrieve</th>
                <th scope="col">Date</th>
                <th scope="col">Study</th>
                <th scope="col">Images</th>
                <th scope="col">Patient there</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {studies.map((s) => {
                const label = `${s.modalities.join("/")} ${s.description}`.trim() || "Study";
                const outcome = outcomes[s.studyInstanceUid];
                return (
                  <tr key={s.studyInstanceUid}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Retrieve ${label} of ${s.studyDate ?? "unknown date"}`}
                        checked={chosen.has(s.studyInstanceUid)}
                        onChange={() => toggle(s.studyInstanceUid)}
                        disabled={busy}
                      />
                    </td>
                    <td className="whitespace-nowrap">{s.studyDate ?? "—"}</td>
                    <td>
                      {label}
                      {s.alreadyHere && <span className="ml-2 text-xs text-slate-500">(already in Concilium)</span>}
                    </td>
                    <td>
                      {s.numberOfInstances} in {s.numberOfSeries} series
                    </td>
                    <td>
                      {s.remotePatientName || "—"} · ID {s.remotePatientId || "—"} · born {s.remoteBirthDate ?? "—"}
                    </td>
                    <td className={outcome?.kind === "error" ? "text-rose-700 dark:text-rose-300" : outcome?.quarantined ? "text-amber-700 dark:text-amber-300" : ""}>
                      {progress?.current === s.studyInstanceUid ? "Retrieving…" : (outcome?.text ?? "")}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="flex flex-wrap items-center gap-3">
            <button type="button" className="btn-primary" onClick={() => void retrieveChosen()} disabled={busy || chosen.size === 0}>
              {busy ? "Retrieving…" : `Retrieve ${chosen.size} ${chosen.size === 1 ? "study" : "studies"}`}
            </button>
            <span className="text-xs text-slate-500">Images go through the same patient check as an upload: anything that does not match waits in the quarantine.</span>
          </div>
        </>
      )}
      {progress && (
        <div>
          <label htmlFor="remote-progress" className="label">
            Retrieval progress: {progress.done} of {progress.total} images
          </label>
          <progress id="remote-progress" className="w-full" max={Math.max(progress.total, 1)} value={progress.done} aria-valuetext={`${percent}%`} />
          {!busy && (
            <p role="status" className="text-sm">
              Retrieval finished. {anyQuarantined && <Link className="link" href="/imaging/quarantine">Review the quarantine</Link>}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
