"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { formatDate, formatDateTime } from "@/domain/dates/format-date";
import { useTRPC } from "@/trpc/react";
import { Badge } from "../badge";
import { errorMessage } from "../error-message";

const STATE_LABELS = { open: "Open", revoked: "Withdrawn", expired: "Expired", locked: "Locked", answered: "Answered" } as const;
const STATE_TONES = { open: "info", revoked: "bad", expired: "warn", locked: "bad", answered: "good" } as const;

/**
 * Second opinions of a case: the links shared with outside experts, their answers, and (for chairs and specialists)
 * the dialog that shares the case and the button that withdraws a link.
 */
export function SecondOpinions({ caseId, clinicalQuestion }: { caseId: string; clinicalQuestion: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const data = useQuery(trpc.expertOpinion.forCase.queryOptions({ caseId }));
  const share = useMutation(trpc.expertOpinion.share.mutationOptions());
  const revoke = useMutation(trpc.expertOpinion.revoke.mutationOptions());
  const dialog = useRef<HTMLDialogElement>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.expertOpinion.forCase.queryKey({ caseId }) });

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setError(null);
    try {
      const result = await share.mutateAsync({
        caseId,
        expertName: String(form.get("expertName") ?? ""),
        expertEmail: String(form.get("expertEmail") ?? ""),
        question: String(form.get("question") ?? ""),
        studyInstanceUids: form.getAll("study").map(String),
        slideIds: form.getAll("slide").map(String),
        includeDecision: form.get("includeDecision") === "on",
        identifiable: form.get("identifiable") === "on",
        days: Number(form.get("days") ?? 14),
        origin: window.location.origin,
      });
      dialog.current?.close();
      setStatus(`Link sent to ${String(form.get("expertEmail"))}; it works until ${formatDate(result.expiresAt)}.`);
      await refresh();
    } catch (failure) {
      setError(errorMessage(failure, "The case could not be shared; try again."));
    }
  }

  async function withdraw(shareId: string, expertName: string) {
    try {
      await revoke.mutateAsync({ caseId, shareId });
      setStatus(`The link for ${expertName} is withdrawn.`);
      await refresh();
      router.refresh();
    } catch (failure) {
      setStatus(errorMessage(failure, "The link could not be withdrawn; try again."));
    }
  }

  if (!data.data) return <p className="text-sm text-slate-500">{data.isError ? "Second opinions could not be loaded." : "Loading second opinions…"}</p>;
  const { shares, material, can, emailConfigured, defaultDays } = data.data;
  return (
    <div className="space-y-3">
      {can.askExpert && (
        <div className="flex flex-wrap items-center gap-3">
          <button type="button" className="btn" disabled={!emailConfigured} onClick={() => { setError(null); dialog.current?.showModal(); }}>Ask an outside expert</button>
          {!emailConfigured && <span className="text-sm text-slate-500">E-mail is not configured on this server (SMTP_URL): a case cannot be shared.</span>}
        </div>
      )}
      {status && <p role="status" className="text-sm">{status}</p>}
      {shares.length === 0 ? (
        <p className="text-sm text-slate-500">No second opinion asked yet.</p>
      ) : (
        <ul aria-label="Shared with experts" className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
          {shares.map((s) => (
            <li key={s.id} className="space-y-1 py-2" aria-label={s.expertName}>
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-medium">{s.expertName}</span>
                <span className="text-slate-500">{s.expertEmail}</span>
                <Badge tone={STATE_TONES[s.state]}>{STATE_LABELS[s.state]}</Badge>
                <span className="text-xs text-slate-500">
                  shared by {s.sharedBy} {formatDate(s.createdAt)} · {s.studies} studies, {s.slides} slides · {s.identifiable ? "identifiable" : "pseudonymised"} · until {formatDate(s.expiresAt)}
                </span>
                {can.askExpert && (s.state === "open" || s.state === "answered" || s.state === "locked") && (
                  <button type="button" className="btn text-xs" onClick={() => void withdraw(s.id, s.expertName)} disabled={revoke.isPending}>Withdraw link</button>
                )}
              </div>
              {s.opinion && (
                <div className="rounded bg-slate-50 p-2 dark:bg-slate-900">
                  <p className="font-medium">{s.opinion.agreesWithPlan ? "Agrees with the board's plan" : `Recommends instead: ${s.opinion.alternative}`}</p>
                  {s.opinion.reasons && <p>Reasons: {s.opinion.reasons}</p>}
                  {s.opinion.comment && <p>{s.opinion.comment}</p>}
                  <p className="text-xs text-slate-500">Received {formatDateTime(s.opinion.submittedAt)}</p>
                </div>
              )}
              {s.annotations.length > 0 && (
                <details className="rounded border border-slate-200 p-2 dark:border-slate-700">
                  <summary>
                    {s.annotations.length} {s.annotations.length === 1 ? "annotation" : "annotations"} by {s.expertName}
                  </summary>
                  {/* The expert's own layer: read-only here, never part of the board's findings. */}
                  <ul aria-label={`Annotations by ${s.expertName}`} className="mt-1 space-y-0.5">
                    {s.annotations.map((a) => (
                      <li key={a.id}>
                        {a.label ? `${a.label}: ` : ""}
                        {a.text} <span className="text-xs text-slate-500">({formatDateTime(a.createdAt)})</span>
                      </li>
                    ))}
                  </ul>
                </details>
              )}
            </li>
          ))}
        </ul>
      )}

      <dialog ref={dialog} aria-labelledby="share-heading" className="m-auto w-full max-w-lg rounded-lg p-0 backdrop:bg-black/40">
        <form onSubmit={(e) => void submit(e)} className="card space-y-3" aria-label="Ask an outside expert">
          <h3 id="share-heading" className="text-base font-semibold">Ask an outside expert</h3>
          <p className="text-xs text-slate-600 dark:text-slate-400">The expert gets a link by e-mail (no patient data in it) and a one-time code in a second e-mail.</p>
          <div className="grid grid-cols-1 gap-2 md:grid-cols-2">
            <div>
              <label className="label" htmlFor="expert-name">Expert's name</label>
              <input id="expert-name" name="expertName" required maxLength={200} className="field" />
            </div>
            <div>
              <label className="label" htmlFor="expert-email">Expert's e-mail</label>
              <input id="expert-email" name="expertEmail" type="email" required maxLength={254} className="field" />
            </div>
          </div>
          <div>
            <label className="label" htmlFor="expert-question">Question to the expert</label>
            <textarea id="expert-question" name="question" required maxLength={4000} rows={2} defaultValue={clinicalQuestion} className="field" />
          </div>
          <fieldset className="space-y-1">
            <legend className="label">Studies and slides to share</legend>
            {material.studies.length + material.slides.length === 0 && <p className="text-sm text-slate-500">This patient has no images or slides.</p>}
            {material.studies.map((s) => (
              <label key={s.studyInstanceUid} className="flex items-center gap-2 text-sm"><input type="checkbox" name="study" value={s.studyInstanceUid} /> {s.label}</label>
            ))}
            {material.slides.map((s) => (
              <label key={s.id} className="flex items-center gap-2 text-sm"><input type="checkbox" name="slide" value={s.id} /> Slide {s.label}</label>
            ))}
          </fieldset>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="includeDecision" defaultChecked={material.decision !== null} disabled={material.decision === null} />
            Include the board's recommendation{material.decision ? ` (${material.decision.status === "SIGNED" ? "signed" : "draft"}: ${material.decision.recommendation})` : " (none yet)"}
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="identifiable" /> Show the patient's name, MRN and birth date (otherwise pseudonymised)
          </label>
          <div className="w-40">
            <label className="label" htmlFor="share-days">Link valid for (days)</label>
            <input id="share-days" name="days" type="number" min={1} max={30} defaultValue={defaultDays} className="field" />
          </div>
          {error && <p role="alert" className="rounded bg-rose-50 px-2 py-1 text-sm text-rose-800 dark:bg-rose-950 dark:text-rose-200">{error}</p>}
          <div className="flex gap-2">
            <button type="submit" className="btn-primary" disabled={share.isPending}>{share.isPending ? "Sending…" : "Share and send the link"}</button>
            <button type="button" className="btn" onClick={() => dialog.current?.close()}>Cancel</button>
          </div>
        </form>
      </dialog>
    </div>
  );
}
