"use client";

import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent, type ReactNode } from "react";
import { Badge } from "@/components/badge";
import { compareIdentifiers, type Agreement, type Sex } from "@/domain/patient-matching/compare-identifiers";
import { useTRPC } from "@/trpc/react";
import { useQuarantineAnnouncer } from "./quarantine-status";

export interface AttachablePatient {
  id: string;
  /** "FAMILY, Given" */
  name: string;
  familyName: string;
  givenName: string;
  mrn: string;
  /** YYYY-MM-DD, to compare; `bornLabel` to show. */
  birthDate: string;
  bornLabel: string;
  sex: Sex;
}

/** What the quarantined images say about their patient and themselves. */
export interface QuarantinedStudyFacts {
  name: string;
  birthDate: string | null;
  bornLabel: string;
  sex: Sex | null;
  patientId: string;
  studyDateLabel: string;
  description: string;
}

const SEX_LABELS: Record<Sex, string> = { FEMALE: "Female", MALE: "Male", OTHER: "Other", UNKNOWN: "Unknown" };

const errorMessage = (error: unknown) => (error instanceof TRPCClientError ? error.message : "That did not work. Please try again.");

/** The patient's identifiers, enough to tell two patients of the same name apart. */
export const choiceLabel = (p: AttachablePatient) => `${p.name} · MRN ${p.mrn} · born ${p.bornLabel} · ${SEX_LABELS[p.sex]}`;

function Agreeing({ agreement }: { agreement: Agreement | null }) {
  if (agreement === "differs") return <Badge tone="bad">Does not match</Badge>;
  if (agreement === "same") return <Badge tone="good">Matches</Badge>;
  return null;
}

function Row(props: { label: string; images: ReactNode; patient: ReactNode; agreement?: Agreement | null }) {
  const differs = props.agreement === "differs";
  return (
    <tr className={differs ? "bg-rose-50 dark:bg-rose-950/40" : undefined}>
      <th scope="row" className="label">{props.label}</th>
      <td className={differs ? "font-semibold" : undefined}>{props.images}</td>
      <td className={differs ? "font-semibold" : undefined}>
        {props.patient} {props.agreement !== undefined && <Agreeing agreement={props.agreement} />}
      </td>
    </tr>
  );
}

/**
 * Attach a quarantined study to a patient, or discard it; both need a reason, which goes into the audit log. Nothing is
 * chosen in advance — not even the patient whose MRN equals the images' Patient ID, which may be the wrong person — and
 * the images' identifiers stand beside the chosen patient's, with every difference highlighted.
 */
export function QuarantineActions(props: { quarantineId: string; studyLabel: string; study: QuarantinedStudyFacts; candidatePatientId: string | null; patients: AttachablePatient[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const id = useId();
  const [action, setAction] = useState<"attach" | "discard" | null>(null);
  const [patientId, setPatientId] = useState("");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const announce = useQuarantineAnnouncer();
  const attach = useMutation(trpc.imaging.quarantine.attach.mutationOptions());
  const discard = useMutation(trpc.imaging.quarantine.discard.mutationOptions());
  const pending = attach.isPending || discard.isPending;
  const chosen = props.patients.find((p) => p.id === patientId) ?? null;
  const agreement = chosen ? compareIdentifiers(props.study, chosen) : null;
  const reasonGiven = reason.trim().length >= 3;
  const ready = action === "discard" ? reasonGiven : action === "attach" && chosen !== null && reasonGiven;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!ready) return;
    setError(null);
    announce("");
    try {
      const result =
        action === "attach"
          ? await attach.mutateAsync({ quarantineId: props.quarantineId, patientId, reason })
          : await discard.mutateAsync({ quarantineId: props.quarantineId, reason });
      // The entry leaves the list on refresh: the outcome is announced outside it (errors stay in the form, which stays).
      announce(
        result.status === "ATTACHED"
          ? `Attached to ${chosen!.name} (MRN ${chosen!.mrn}): ${result.stored} image(s) added to the patient's record.`
          : `Discarded: ${props.studyLabel}.`,
      );
      router.refresh();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  return (
    <form onSubmit={submit} aria-label={`Resolve ${props.studyLabel}`} className="space-y-3">
      <fieldset className="flex flex-wrap gap-3 text-sm">
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
        <>
          <div>
            <label className="label" htmlFor={`${id}-patient`}>Patient</label>
            <select id={`${id}-patient`} className="field" required value={patientId} onChange={(e) => setPatientId(e.target.value)} aria-describedby={`${id}-patient-help`}>
              <option value="">— choose the patient —</option>
              {props.patients.map((p) => (
                <option key={p.id} value={p.id}>
                  {choiceLabel(p)}
                  {p.id === props.candidatePatientId ? " · MRN equals the images' Patient ID" : ""}
                </option>
              ))}
            </select>
            <p id={`${id}-patient-help`} className="mt-1 text-xs text-slate-500">
              Patients of your boards. Compare every identifier below before attaching: an equal MRN alone does not prove it is the same person.
            </p>
          </div>
          <table className="data-table" aria-label="Identifiers compared">
            <thead>
              <tr>
                <th scope="col"><span className="sr-only">Identifier</span></th>
                <th scope="col">In the images</th>
                <th scope="col">Chosen patient</th>
              </tr>
            </thead>
            <tbody>
              <Row label="Name" images={props.study.name || "—"} patient={chosen?.name ?? "—"} agreement={agreement?.name ?? null} />
              <Row label="Born" images={props.study.bornLabel} patient={chosen?.bornLabel ?? "—"} agreement={agreement?.birthDate ?? null} />
              <Row label="Sex" images={props.study.sex ? SEX_LABELS[props.study.sex] : "—"} patient={chosen ? SEX_LABELS[chosen.sex] : "—"} agreement={agreement?.sex ?? null} />
              <Row label="Patient ID / MRN" images={props.study.patientId || "—"} patient={chosen?.mrn ?? "—"} agreement={agreement?.patientId ?? null} />
              <Row label="Study date" images={props.study.studyDateLabel} patient="" />
              <Row label="Study description" images={props.study.description || "—"} patient="" />
            </tbody>
          </table>
        </>
      )}
      {action !== null && (
        <>
          <div>
            <label className="label" htmlFor={`${id}-reason`}>Reason (kept in the audit log)</label>
            <textarea id={`${id}-reason`} className="field" rows={2} required minLength={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <button type="submit" className={action === "attach" ? "btn-primary" : "btn"} disabled={pending || !ready}>
            {pending ? "Saving…" : action === "attach" ? "Attach study" : "Discard study"}
          </button>
          {!ready && !pending && (
            <p className="text-xs text-slate-500">{action === "attach" && !chosen ? "Choose the patient and give a reason." : "Give a reason of a few words."}</p>
          )}
        </>
      )}
      {error && <p role="alert" className="text-sm text-rose-700 dark:text-rose-300">{error}</p>}
    </form>
  );
}
