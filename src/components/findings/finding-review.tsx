"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { useTRPC } from "@/trpc/react";
import { Badge } from "../badge";
import { formatCalendarDate } from "../format";
import { errorMessage } from "@/components/error-message";
import { unitInWords } from "@/domain/units/units";
import { findingPlace, type FindingReferences } from "./finding-links";

type ReviewState = "PENDING" | "ACCEPTED" | "REJECTED";

/** One finding as `finding.listForPatient` returns it (the fields this list shows). */
export interface FindingReviewItem {
  id: string;
  source: "AI" | "PERSON";
  algorithmName: string | null;
  algorithmVersion: string | null;
  author: string | null;
  kind: string;
  description: string;
  observedAt: Date;
  measurements: { name: string; value: number; unit: string }[];
  findingSiteCode: { code: string; scheme: string; meaning: string } | null;
  trackingId: string | null;
  review: { state: ReviewState; reviewedBy: string | null; reviewedAt: Date | null; reason: string | null };
  /** Where it was drawn; with an outline on images the row offers "Show on image". */
  references?: FindingReferences;
}

export interface FindingReviewProps {
  patientId: string;
  /** From `finding.listForPatient({ patientId })`, newest first. */
  findings: FindingReviewItem[];
  /** Specialists and chairs of the patient's board; others see the findings without the buttons. */
  canReview: boolean;
  /** The section heading; "AI and imaging findings" unless given. */
  heading?: string;
  /** The case the list is shown in: the viewer's "Back to the case" returns there. */
  caseId?: string;
}

const REVIEW_BADGES: Record<ReviewState, { tone: "info" | "good" | "bad"; label: string }> = {
  PENDING: { tone: "info", label: "To review" },
  ACCEPTED: { tone: "good", label: "Accepted" },
  REJECTED: { tone: "bad", label: "Rejected" },
};

const formatValue = (value: number) => String(Number(value.toPrecision(6)));

function sourceLabel(f: FindingReviewItem): string {
  if (f.source === "AI") return `AI: ${f.algorithmName ?? "unnamed algorithm"}${f.algorithmVersion ? ` ${f.algorithmVersion}` : ""}`;
  return f.author ? `Reported by ${f.author}` : "Reported by a person";
}

/** A patient's findings (AI results above all) with their measurements, for specialists and chairs to accept or reject. */
export function FindingReview({ patientId, findings, canReview, heading = "AI and imaging findings", caseId }: FindingReviewProps) {
  const headingId = useId();
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId} className="mb-2 text-base font-semibold">
        {heading}
        <span className="ml-2 text-sm font-normal text-slate-500">
          {findings.filter((f) => f.review.state === "PENDING").length} to review
        </span>
      </h2>
      {findings.length === 0 ? (
        <p className="text-sm text-slate-500">No findings for this patient yet.</p>
      ) : (
        <ul aria-label="Findings" className="divide-y divide-slate-100 dark:divide-slate-800">
          {findings.map((f) => (
            <FindingRow key={f.id} patientId={patientId} caseId={caseId} finding={f} canReview={canReview} />
          ))}
        </ul>
      )}
    </section>
  );
}

function FindingRow({ patientId, caseId, finding: f, canReview }: { patientId: string; caseId?: string; finding: FindingReviewItem; canReview: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const review = useMutation(trpc.finding.review.mutationOptions());
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const [status, setStatus] = useState<string | null>(null);
  const reasonId = useId();
  // Buttons are named after the finding, so a screen reader user hears which one they act on.
  const name = `${f.kind}${f.trackingId ? ` (${f.trackingId})` : ""}`;
  const badge = REVIEW_BADGES[f.review.state];
  const place = findingPlace(patientId, caseId, f.id, f.references);

  async function decide(decision: "ACCEPTED" | "REJECTED", event?: FormEvent) {
    event?.preventDefault();
    if (decision === "REJECTED" && !reason.trim()) {
      setStatus("Give a reason for rejecting this finding.");
      return;
    }
    setStatus(null);
    try {
      await review.mutateAsync({ patientId, findingId: f.id, decision, ...(decision === "REJECTED" ? { reason: reason.trim() } : {}) });
      setStatus(decision === "ACCEPTED" ? "Accepted." : "Rejected.");
      setRejecting(false);
      setReason("");
      router.refresh();
    } catch (error) {
      setStatus(errorMessage(error, "The review was not saved; try again."));
    }
  }

  return (
    <li className="py-2 text-sm" aria-label={`Finding ${name}`}>
      <div className="flex flex-wrap items-baseline gap-x-2">
        <span className="font-medium">
          {f.kind}
          {f.findingSiteCode && <span className="font-normal"> in {f.findingSiteCode.meaning}</span>}
        </span>
        <Badge tone={f.source === "AI" ? "warn" : "neutral"}>{sourceLabel(f)}</Badge>
        <Badge tone={badge.tone}>{badge.label}</Badge>
        {place.kind === "none" ? (
          <span className="text-xs text-slate-500">{place.text}</span>
        ) : (
          <Link className="link text-xs" href={place.href} aria-label={`Show ${name} on ${place.kind === "image" ? "image" : "slide"}`}>
            {place.kind === "image" ? "Show on image" : "Show on slide"}
          </Link>
        )}
        <span className="ml-auto text-xs tabular-nums text-slate-500">{formatCalendarDate(f.observedAt)}</span>
      </div>
      {f.measurements.length > 0 && (
        <table className="mt-1 text-sm" aria-label={`Measurements of ${name}`}>
          <tbody>
            {f.measurements.map((m, i) => (
              <tr key={`${m.name}-${i}`}>
                <th scope="row" className="pr-3 text-left font-normal text-slate-600 dark:text-slate-400">{m.name}</th>
                <td className="tabular-nums">
                  {formatValue(m.value)} {unitInWords(m.unit)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">{f.description}</p>
      {f.review.state !== "PENDING" && (
        <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
          {badge.label}
          {f.review.reviewedBy ? ` by ${f.review.reviewedBy}` : ""}
          {f.review.reviewedAt ? ` on ${formatCalendarDate(f.review.reviewedAt)}` : ""}
          {f.review.reason ? `: ${f.review.reason}` : ""}
        </p>
      )}
      {canReview && !rejecting && (
        <div className="mt-1 flex gap-2">
          {f.review.state !== "ACCEPTED" && (
            <button type="button" className="btn" aria-label={`Accept finding ${name}`} disabled={review.isPending} onClick={() => void decide("ACCEPTED")}>
              Accept
            </button>
          )}
          {f.review.state !== "REJECTED" && (
            <button type="button" className="btn" aria-label={`Reject finding ${name}`} disabled={review.isPending} onClick={() => setRejecting(true)}>
              Reject
            </button>
          )}
        </div>
      )}
      {canReview && rejecting && (
        <form className="mt-1 flex flex-wrap items-end gap-2" aria-label={`Reject finding ${name}`} onSubmit={(e) => void decide("REJECTED", e)}>
          <div className="min-w-64 flex-1">
            <label className="label" htmlFor={reasonId}>Reason for rejecting {name}</label>
            <input id={reasonId} className="field" required maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />
          </div>
          <button type="submit" className="btn-primary" disabled={review.isPending}>
            {review.isPending ? "Saving…" : "Confirm rejection"}
          </button>
          <button type="button" className="btn" onClick={() => { setRejecting(false); setStatus(null); }}>
            Cancel
          </button>
        </form>
      )}
      <p role="status" aria-live="polite" className="text-xs">{status}</p>
    </li>
  );
}
