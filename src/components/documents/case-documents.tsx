"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import Link from "next/link";
import { useId, useState, type FormEvent } from "react";
import { useTRPC } from "@/trpc/react";

type Recipient = "referrer" | "gp";
const RECIPIENT_LABEL: Record<Recipient, string> = { referrer: "referring physician", gp: "GP" };
const ADD_LABEL: Record<Recipient, string> = { referrer: "Add the referring physician", gp: "Add the GP" };
const MISSING: Record<Recipient, string> = {
  referrer: "No referring physician on file: add their name and address to the referral to write this letter.",
  gp: "No GP on file: add the GP's name and address to the patient to write this letter.",
};

/**
 * A case's documents: the letter of the latest signed decision to the referring physician and to the GP (download,
 * or send by e-mail to a typed address), and the decision as FHIR mCODE.
 * `canSend`: the user may e-mail letters (chair or coordinator).
 */
export function CaseDocuments({ caseId, canSend }: { caseId: string; canSend: boolean }) {
  const trpc = useTRPC();
  const status = useQuery(trpc.document.caseDocuments.queryOptions({ caseId }));
  // The same query as the "Letters go to" section above: one request, and it says whether this user may add a recipient.
  const contacts = useQuery(trpc.case.contacts.queryOptions({ caseId }));
  const canAddRecipient = contacts.data?.canEdit ?? false;
  const send = useMutation(trpc.document.sendLetter.mutationOptions());
  const [recipient, setRecipient] = useState<Recipient>("gp");
  const [to, setTo] = useState("");
  const [message, setMessage] = useState<{ tone: "good" | "bad"; text: string } | null>(null);
  const ids = useId();

  if (status.isPending) return <p className="text-sm text-slate-500" role="status">Loading documents…</p>;
  if (status.isError) return <p className="text-sm text-rose-700 dark:text-rose-300" role="alert">Documents could not be loaded: {status.error.message}</p>;
  const data = status.data;
  const signed = data.signedDecisions[0] ?? null;
  const names: Record<Recipient, string | null> = { referrer: data.referrer, gp: data.gp };
  const emails: Record<Recipient, string | null> = { referrer: data.referrerEmail, gp: data.gpEmail };
  const letterHref = (r: Recipient) => (signed ? `/api/cases/${encodeURIComponent(caseId)}/letter?decisionId=${encodeURIComponent(signed.id)}&recipient=${r}` : "#");

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!signed) return;
    setMessage(null);
    try {
      const result = await send.mutateAsync({ decisionId: signed.id, recipient, to });
      setMessage({ tone: "good", text: `Letter to the ${RECIPIENT_LABEL[recipient]} sent to ${result.sentTo}.` });
      setTo("");
    } catch (error) {
      setMessage({ tone: "bad", text: error instanceof TRPCClientError ? error.message : "Sending failed; the letter was not sent. Try again." });
    }
  }

  return (
    <div className="space-y-3 text-sm">
      {!signed ? (
        <p className="text-slate-500">
          Letters are written from a signed decision.{" "}
          {data.latestDecision ? `Version ${data.latestDecision.version} is a draft: the chair signs it first.` : "No decision recorded yet."}
        </p>
      ) : (
        <>
          <p className="text-slate-600 dark:text-slate-400">From the signed decision, version {signed.version}.</p>
          <ul className="space-y-1" aria-label="Letters">
            {(["referrer", "gp"] as const).map((r) => (
              <li key={r} className="flex flex-wrap items-center gap-2">
                {names[r] ? (
                  <>
                    <a className="btn" href={letterHref(r)} download>
                      Letter to the {RECIPIENT_LABEL[r]} (PDF)
                    </a>
                    <span className="text-slate-600 dark:text-slate-400">{names[r]}</span>
                  </>
                ) : (
                  <>
                    <span className="text-amber-800 dark:text-amber-300">{MISSING[r]}</span>
                    {canAddRecipient && (
                      <Link className="btn" href={`/cases/${encodeURIComponent(caseId)}?edit=${r}#contacts`} scroll={false}>
                        {ADD_LABEL[r]}
                      </Link>
                    )}
                  </>
                )}
              </li>
            ))}
          </ul>
          {canSend &&
            (data.mailConfigured ? (
              <form onSubmit={submit} aria-label="Send letter by e-mail" className="flex flex-wrap items-end gap-2">
                <div>
                  <label className="label" htmlFor={`${ids}-recipient`}>Letter</label>
                  <select
                    id={`${ids}-recipient`}
                    className="field"
                    value={recipient}
                    onChange={(e) => {
                      const next = e.target.value as Recipient;
                      setRecipient(next);
                      setTo(emails[next] ?? "");
                    }}
                  >
                    <option value="gp" disabled={!names.gp}>To the GP</option>
                    <option value="referrer" disabled={!names.referrer}>To the referring physician</option>
                  </select>
                </div>
                <div className="min-w-64 flex-1">
                  <label className="label" htmlFor={`${ids}-to`}>E-mail address</label>
                  <input id={`${ids}-to`} type="email" required className="field" autoComplete="email" value={to} onChange={(e) => setTo(e.target.value)} placeholder="dr.smith@practice.example.org" />
                </div>
                {emails[recipient] && to !== emails[recipient] && (
                  <button type="button" className="btn" onClick={() => setTo(emails[recipient] ?? "")}>
                    Use the address on file
                  </button>
                )}
                <button type="submit" className="btn-primary" disabled={send.isPending || !names[recipient]}>
                  {send.isPending ? "Sending…" : "Send letter"}
                </button>
              </form>
            ) : (
              <p className="text-slate-500">E-mail is not configured on this server: download the letter and send it another way.</p>
            ))}
          <p role="status" aria-live="polite" className={message?.tone === "bad" ? "text-rose-700 dark:text-rose-300" : "text-emerald-700 dark:text-emerald-300"}>
            {message?.text}
          </p>
        </>
      )}
      {data.latestDecision && (
        <p>
          <a className="link" href={`/api/decisions/${encodeURIComponent(data.latestDecision.id)}/fhir`} download>
            Export decision version {data.latestDecision.version} as HL7 FHIR mCODE (JSON)
          </a>
        </p>
      )}
    </div>
  );
}
