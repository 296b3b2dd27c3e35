"use client";

import { TRPCClientError } from "@trpc/client";
import { useEffect, useId, useRef, type FormEvent, type ReactNode } from "react";

/** The field a refusal names (see `fields` in the tRPC error data), e.g. "moveToToday": the screen then asks for it. */
export function refusalField(error: unknown): string | null {
  if (!(error instanceof TRPCClientError)) return null;
  const fields = (error.data as { fields?: { field: string }[] | null } | undefined)?.fields;
  return fields?.[0]?.field ?? null;
}

/**
 * A modal question before something that cannot be taken back (moving a meeting to today, signing without quorum).
 * Escape or Cancel closes it without doing anything; the confirm button submits its form, so extra fields (a
 * reason) can be required inside it.
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  confirmLabel: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { open } = props;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  function submit(e: FormEvent) {
    e.preventDefault();
    props.onConfirm();
  }

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClose={props.onCancel}
      className="m-auto w-full max-w-lg rounded-md border border-slate-300 bg-white p-4 text-slate-900 backdrop:bg-black/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      <form method="dialog" onSubmit={submit} className="space-y-3">
        <h2 id={titleId} className="text-base font-semibold">{props.title}</h2>
        <div className="space-y-2 text-sm">{props.children}</div>
        <div className="flex justify-end gap-2">
          <button type="button" className="btn" onClick={props.onCancel}>Cancel</button>
          <button type="submit" className="btn-primary" disabled={props.busy}>{props.confirmLabel}</button>
        </div>
      </form>
    </dialog>
  );
}
