"use client";

import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTRPC } from "@/trpc/react";
import { PublishQueue } from "./publish-queue";
import type { LiveView } from "./types";

/** At most one publish every this many ms (about 20 a second); changes in between are coalesced into the latest. */
export const PUBLISH_INTERVAL_MS = 50;

/** Publishes the presenter's view through a PublishQueue; reports the last failure in words. */
export function usePublisher(meetingId: string) {
  const trpc = useTRPC();
  const { mutateAsync } = useMutation(trpc.live.publish.mutationOptions());
  const mutateRef = useRef(mutateAsync);
  const queueRef = useRef<PublishQueue<LiveView> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    mutateRef.current = mutateAsync;
  });
  useEffect(() => {
    const queue = new PublishQueue<LiveView>(
      PUBLISH_INTERVAL_MS,
      async (view) => {
        await mutateRef.current({ meetingId, view });
        setError(null);
      },
      (e) => setError(e instanceof TRPCClientError ? e.message : "The view could not be shared. Check the connection."),
    );
    queueRef.current = queue;
    return () => {
      queue.close();
      queueRef.current = null;
    };
  }, [meetingId]);
  const send = useCallback((view: LiveView) => queueRef.current?.send(view), []);
  const reset = useCallback(() => queueRef.current?.reset(), []);
  return { send, reset, error };
}
