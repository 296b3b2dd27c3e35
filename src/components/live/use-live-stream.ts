"use client";

import { useEffect, useState } from "react";
import type { ConnectionStatus, LiveSnapshot } from "./types";

/**
 * Follows a meeting's live state over server-sent events. EventSource reconnects by itself and sends
 * Last-Event-ID; when the browser gives up (the server answered with an error), a new one is opened after a pause
 * and names the last sequence it saw, so the server sends only what was missed.
 */
export function useLiveStream(meetingId: string, initial: LiveSnapshot): { snapshot: LiveSnapshot; status: ConnectionStatus } {
  const [snapshot, setSnapshot] = useState(initial);
  const [status, setStatus] = useState<ConnectionStatus>("connecting");

  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let lastSeq = initial.seq;
    let attempt = 0;
    let stopped = false;

    const open = () => {
      const url = `/api/meetings/${encodeURIComponent(meetingId)}/live${attempt > 0 ? `?lastEventId=${lastSeq}` : ""}`;
      source = new EventSource(url);
      source.onopen = () => {
        attempt = 0;
        setStatus("live");
      };
      source.addEventListener("state", (event) => {
        const next = JSON.parse((event as MessageEvent<string>).data) as LiveSnapshot;
        lastSeq = Math.max(lastSeq, next.seq);
        setSnapshot((prev) => (next.seq >= prev.seq ? next : prev));
      });
      source.onerror = () => {
        setStatus("reconnecting");
        if (source?.readyState === EventSource.CLOSED && !stopped) {
          source.close();
          attempt++;
          retry = setTimeout(open, Math.min(10_000, 500 * 2 ** Math.min(attempt, 5)));
        }
      };
    };
    open();
    return () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      source?.close();
    };
  }, [meetingId, initial.seq]);

  return { snapshot, status };
}
