"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { formatDateTime } from "@/domain/dates/format-date";
import { deleteAnnotation } from "./actions";

/** The expert's kept annotations, each removable while the link is open (the board then no longer sees it). */
export function KeptAnnotations({ token, annotations }: { token: string; annotations: { id: string; kind: string; text: string; label: string; createdAt: Date }[] }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const remove = (id: string) =>
    start(async () => {
      const result = await deleteAnnotation({ token, annotationId: id });
      setError(result.error);
      if (result.ok) router.refresh();
    });
  return (
    <>
      <ul aria-label="Your annotations" className="space-y-1 text-sm">
        {annotations.map((a) => {
          const name = `${a.label ? `${a.label}: ` : ""}${a.text}`;
          return (
            <li key={a.id} className="flex flex-wrap items-center gap-2">
              <span>{name}</span>
              <span className="text-xs text-slate-500">({a.kind}, {formatDateTime(a.createdAt)})</span>
              <button type="button" className="btn px-2 py-0.5 text-xs" aria-label={`Remove ${name} from my annotations`} disabled={pending} onClick={() => remove(a.id)}>
                Remove
              </button>
            </li>
          );
        })}
      </ul>
      {error && <p role="alert" className="text-sm text-red-700 dark:text-red-400">{error}</p>}
    </>
  );
}
