"use client";

import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { useTRPC } from "@/trpc/react";
import { useQuarantineAnnouncer } from "./quarantine-status";

export interface AttachablePatient {
  id: string;
  label: string;
}

const errorMessage = (error: unknown) => (error instanceof TRPCClientError ? error.message : "That did not work. Please try again.");

/** Attach a quarantined study to a patient, or discard it; both need a reason, which goes into the audit log. */
export function QuarantineActions(props: { quarantineId: string; studyLabel: string; candidatePatientId: string | null; patients: AttachablePatient[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const id = useId();
  const [action, setAction] = useState<"attach" | "discard">(props.candidatePatientId ? "attach" : "discard");
  const [patientId, setPatientId] = useState(props.candidatePatientId ?? "");
  const [reason, setReason] = useState("");
  const [status, setStatus] = useState<string | null>(null);
  const announce = useQuarantineAnnouncer();
  const attach = useMutation(trpc.imaging.quarantine.attach.mutationOptions());
  const discard = useMutation(trpc.imaging.quarantine.discard.mutationOptions());
  const pending = attach.isPending || discard.isPending;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setStatus(null);
    announce("");
    try {
      const result =
        action === "attach"
          ? await attach.mutateAsync({ quarantineId: props.quarantineId, patientId, reason })
          : await discard.mutateAsync({ quarantineId: props.quarantineId, reason });
      // The entry leaves the list on refresh: the outcome is announced outside it (errors stay in the form, which stays).
      announce(result.status === "ATTACHED" ? `Attached: ${result.stored} image(s) added to the patient's record.` : `Discarded: ${props.studyLabel}.`);
      router.refresh();
    } catch (error) {
      setStatus(errorMessage(error));
    }
  }

  return (
    <form onSubmit={submit} aria-label={`Resolve ${props.studyLabel}`} className="space-y-2">
      <fieldset className="flex gap-3 text-sm">
        <legend className="label">Action</legend>
        <label className="flex items-center gap-1">
          <input type="radio" name={`${id}-action`} value="attach" checked={action === "attach"} onChange={() => setAction("attach")} />
          Attach to a patient
        </label>
        <label className="flex items-center gap-1">
          <input type="radio" name={`${id}-action`} value="discard" checked={action === "discard"} onChange={() => setAction("discard")} />
          Discard
        </label>
      </fieldset>
      {action === "attach" && (
        <div>
          <label className="label" htmlFor={`${id}-patient`}>Patient</label>
          <select id={`${id}-patient`} className="field" required value={patientId} onChange={(e) => setPatientId(e.target.value)}>
            <option value="">— choose the patient —</option>
            {props.patients.map((p) => (
              <option key={p.id} value={p.id}>{p.label}</option>
            ))}
          </select>
        </div>
      )}
      <div>
        <label className="label" htmlFor={`${id}-reason`}>Reason (kept in the audit log)</label>
        <textarea id={`${id}-reason`} className="field" rows={2} required minLength={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      <button type="submit" className={action === "attach" ? "btn-primary" : "btn"} disabled={pending}>
        {pending ? "Saving…" : action === "attach" ? "Attach study" : "Discard study"}
      </button>
      <p role="alert" className="text-sm">{status}</p>
    </form>
  );
}
