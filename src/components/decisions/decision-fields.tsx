"use client";

import type { ReactNode } from "react";

/** Field building blocks of the decision form: a visible label, the error beside the field and tied to it. */

export const errorId = (id: string) => `${id}-error`;

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={errorId(id)} className="mt-0.5 text-xs text-rose-700 dark:text-rose-400">
      {message}
    </p>
  );
}

export function PrefilledMark({ label }: { label: string | null }) {
  if (!label) return null;
  return <span className="ml-1 rounded bg-amber-100 px-1 text-[10px] font-medium text-amber-900 dark:bg-amber-950 dark:text-amber-300">{label}</span>;
}

interface Common {
  id: string;
  label: string;
  error?: string;
  prefilled?: string | null;
  hint?: ReactNode;
  className?: string;
}

export function SelectField(props: Common & { value: string; options: readonly { value: string; label: string }[]; onChange: (v: string) => void; blank?: string }) {
  return (
    <div className={props.className}>
      <label className="label" htmlFor={props.id}>
        {props.label}
        <PrefilledMark label={props.prefilled ?? null} />
      </label>
      <select
        id={props.id}
        className="field"
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? errorId(props.id) : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      >
        <option value="">{props.blank ?? "—"}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {props.hint}
      <FieldError id={props.id} message={props.error} />
    </div>
  );
}

export function TextField(props: Common & { value: string; onChange: (v: string) => void; list?: string; placeholder?: string; multiline?: number }) {
  const shared = {
    id: props.id,
    className: "field",
    value: props.value,
    placeholder: props.placeholder,
    "aria-invalid": props.error ? true : undefined,
    "aria-describedby": props.error ? errorId(props.id) : undefined,
  } as const;
  return (
    <div className={props.className}>
      <label className="label" htmlFor={props.id}>
        {props.label}
        <PrefilledMark label={props.prefilled ?? null} />
      </label>
      {props.multiline ? (
        <textarea {...shared} rows={props.multiline} onChange={(e) => props.onChange(e.target.value)} />
      ) : (
        <input {...shared} list={props.list} autoComplete="off" onChange={(e) => props.onChange(e.target.value)} />
      )}
      {props.hint}
      <FieldError id={props.id} message={props.error} />
    </div>
  );
}
