"use client";

import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/trpc/react";

/** Looks the patient up in the site's PACS and adds their studies there to the timeline. */
export function PacsSyncButton({ patientId, pacsName }: { patientId: string; pacsName: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const sync = useMutation(trpc.pacs.syncPatient.mutationOptions());
  const [message, setMessage] = useState<string | null>(null);
  const [warnings, setWarnings] = useState<string[]>([]);

  async function run() {
    setMessage(null);
    setWarnings([]);
    try {
      const result = await sync.mutateAsync({ patientId });
      setMessage(`${result.added} new ${result.added === 1 ? "study" : "studies"} from ${pacsName}; ${result.alreadyKnown} already listed.`);
      setWarnings(result.mismatched.map((m) => `Study ${m.studyInstanceUid} not added: ${m.reason}`));
      router.refresh();
    } catch (error) {
      setMessage(error instanceof TRPCClientError ? error.message : `${pacsName} could not be searched.`);
    }
  }

  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <button type="button" className="btn" onClick={run} disabled={sync.isPending}>
        {sync.isPending ? `Searching ${pacsName}…` : `Find studies in ${pacsName}`}
      </button>
      <span role="status" aria-live="polite">{message}</span>
      {warnings.length > 0 && (
        <ul role="alert" className="w-full text-amber-800 dark:text-amber-300">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
