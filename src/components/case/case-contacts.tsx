"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import type { inferRouterOutputs } from "@trpc/server";
import { useState, type FormEvent, type ReactNode } from "react";
import { errorMessage } from "@/components/error-message";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/react";

type Outputs = inferRouterOutputs<AppRouter>;

export type ContactKind = "gp" | "referrer";

interface Field {
  key: string;
  label: string;
  multiline?: boolean;
  type?: "email";
}

const FIELDS: Record<ContactKind, Field[]> = {
  gp: [
    { key: "name", label: "GP's name" },
    { key: "practice", label: "Practice" },
    { key: "address", label: "Address", multiline: true },
    { key: "email", label: "E-mail", type: "email" },
  ],
  referrer: [
    { key: "name", label: "Referring physician's name" },
    { key: "specialty", label: "Specialty or department" },
    { key: "address", label: "Address", multiline: true },
    { key: "email", label: "E-mail", type: "email" },
  ],
};
const TITLE: Record<ContactKind, string> = { gp: "General practitioner (GP)", referrer: "Referring physician" };
const EDIT_LABEL: Record<ContactKind, string> = { gp: "Edit patient details", referrer: "Edit referring physician" };
const SAVE_LABEL: Record<ContactKind, string> = { gp: "Save GP", referrer: "Save referring physician" };

interface Details {
  revision: number;
  values: Record<string, string | null>;
}
const detailsOf = ({ revision, ...values }: { revision: number } & Record<string, string | null | number>): Details => ({
  revision,
  values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === "string" ? v : null])),
});

/**
 * Who receives the case's letters: the patient's GP and the case's referring physician, each editable by the chair,
 * a coordinator or the specialist who referred the case. `initiallyEditing` opens one form (from the letters panel's
 * "Add the GP" link). A save made on details someone else changed meanwhile is refused and the new details shown.
 */
export function CaseContacts({ caseId, initiallyEditing, initial }: { caseId: string; initiallyEditing: ContactKind | null; initial?: Outputs["case"]["contacts"] }) {
  const trpc = useTRPC();
  const contacts = useQuery(trpc.case.contacts.queryOptions({ caseId }, { initialData: initial }));
  const [editing, setEditing] = useState<ContactKind | null>(initiallyEditing);
  const [message, setMessage] = useState<{ tone: "good" | "bad"; text: string } | null>(null);

  if (contacts.isPending) return <p className="text-sm text-slate-500" role="status">Loading the letters' recipients…</p>;
  if (contacts.isError) return <p className="text-sm text-rose-700 dark:text-rose-300" role="alert">The letters' recipients could not be loaded: {contacts.error.message}</p>;
  const data = contacts.data;
  const details: Record<ContactKind, Details> = { gp: detailsOf(data.gp), referrer: detailsOf(data.referringPhysician) };

  return (
    <div className="space-y-3 text-sm">
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        {(["gp", "referrer"] as const).map((kind) => (
          <section key={kind} aria-label={TITLE[kind]} className="space-y-2">
            <h3 className="font-medium">{TITLE[kind]}</h3>
            {editing === kind ? (
              <ContactForm
                caseId={caseId}
                kind={kind}
                current={details[kind]}
                onDone={(text, tone) => {
                  setMessage({ text, tone });
                  if (tone === "good") setEditing(null);
                }}
                onCancel={() => setEditing(null)}
              />
            ) : (
              <>
                <ContactSummary kind={kind} details={details[kind]} />
                {data.canEdit && (
                  <button type="button" className="btn" onClick={() => { setMessage(null); setEditing(kind); }}>
                    {EDIT_LABEL[kind]}
                  </button>
                )}
              </>
            )}
          </section>
        ))}
      </div>
      {!data.canEdit && <p className="text-slate-500">The board's chair, a coordinator or the specialist who referred this case can change these details.</p>}
      <p role="status" aria-live="polite" className={message?.tone === "bad" ? "text-rose-700 dark:text-rose-300" : "text-emerald-700 dark:text-emerald-300"}>
        {message?.text}
      </p>
    </div>
  );
}

function ContactSummary({ kind, details }: { kind: ContactKind; details: Details }) {
  if (!details.values.name) return <p className="text-amber-800 dark:text-amber-300">{kind === "gp" ? "No GP on file." : "No referring physician on file."}</p>;
  const rows: [string, ReactNode][] = FIELDS[kind]
    .filter((f) => details.values[f.key])
    .map((f) => [f.label, <span key={f.key} className="whitespace-pre-line">{details.values[f.key]}</span>]);
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-slate-500">{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function ContactForm({
  caseId,
  kind,
  current,
  onDone,
  onCancel,
}: {
  caseId: string;
  kind: ContactKind;
  current: Details;
  onDone: (message: string, tone: "good" | "bad") => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const updateGp = useMutation(trpc.patient.updateGp.mutationOptions());
  const updateReferrer = useMutation(trpc.case.updateReferringPhysician.mutationOptions());
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(FIELDS[kind].map((f) => [f.key, current.values[f.key] ?? ""])));
  const pending = updateGp.isPending || updateReferrer.isPending;
  const formId = `contact-${kind}`;

  async function refresh() {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.case.contacts.queryKey({ caseId }) }),
      // The letters panel names the recipients and enables their letters.
      queryClient.invalidateQueries({ queryKey: trpc.document.caseDocuments.queryKey({ caseId }) }),
    ]);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const v = (key: string) => values[key]?.trim() || null;
    try {
      if (kind === "gp") {
        await updateGp.mutateAsync({ caseId, revision: current.revision, gp: { name: v("name"), practice: v("practice"), address: v("address"), email: v("email") } });
      } else {
        await updateReferrer.mutateAsync({
          caseId,
          revision: current.revision,
          referringPhysician: { name: v("name"), specialty: v("specialty"), address: v("address"), email: v("email") },
        });
      }
      await refresh();
      onDone(kind === "gp" ? "GP saved. Letters to the GP now go to them." : "Referring physician saved. Their letter now goes to them.", "good");
    } catch (error) {
      if (error instanceof TRPCClientError && error.data?.code === "CONFLICT") {
        await refresh();
        onCancel();
      }
      onDone(errorMessage(error, "Saving failed; nothing was changed. Try again."), "bad");
    }
  }

  return (
    <form onSubmit={submit} aria-label={TITLE[kind]} className="space-y-2">
      {FIELDS[kind].map((f) => (
        <div key={f.key}>
          <label className="label" htmlFor={`${formId}-${f.key}`}>{f.label}</label>
          {f.multiline ? (
            <textarea id={`${formId}-${f.key}`} className="field" rows={3} value={values[f.key]} onChange={(e) => setValues({ ...values, [f.key]: e.target.value })} />
          ) : (
            <input
              id={`${formId}-${f.key}`}
              className="field"
              type={f.type ?? "text"}
              required={f.key === "name" && Object.entries(values).some(([k, val]) => k !== "name" && val.trim() !== "")}
              value={values[f.key]}
              onChange={(e) => setValues({ ...values, [f.key]: e.target.value })}
            />
          )}
        </div>
      ))}
      <div className="flex gap-2">
        <button type="submit" className="btn-primary" disabled={pending}>{pending ? "Saving…" : SAVE_LABEL[kind]}</button>
        <button type="button" className="btn" onClick={onCancel} disabled={pending}>Cancel</button>
      </div>
    </form>
  );
}
