"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback } from "react";
import { useTRPC } from "@/trpc/react";

/**
 * After a decision changes (first draft, signature, correction): reload the server-rendered case page and the
 * client-side panels that read the decision, so the letters panel offers the new letter without a manual reload.
 */
export function useRefreshCase() {
  const router = useRouter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(() => {
    router.refresh();
    void queryClient.invalidateQueries({ queryKey: trpc.document.caseDocuments.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.decision.workspace.pathKey() });
  }, [router, queryClient, trpc]);
}
