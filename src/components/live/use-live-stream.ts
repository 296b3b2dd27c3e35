"use client";

import { useEffect, useState } from "react";
import type { ConnectionStatus, LiveSnapshot } from "./types";

/** The server sends a ping every 15 s; this long without anything means the connection is dead though open. */
const SILENCE_LIMIT_MS = 40_000;

/**
 * Follows a meeting's live state over server-sent events. EventSource reconnects by itself and sends
 * Last-Event-ID; when the browser gives up (the server answered with an error), a new one is opened after a pause
 * and names the last sequence it saw, so the server sends only what was missed. Going offline and online (the
 * browser's events) closes and reopens the stream at once.
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
    let watchdog: ReturnType<typeof setTimeout> | null = null;

    // A half-open connection (a proxy or a network change) never errors: reopen it when it falls silent.
    const heard = () => {
      if (watchdog) clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        if (stopped) return;
        source?.close();
        setStatus("reconnecting");
        attempt++;
        open();
      }, SILENCE_LIMIT_MS);
    };

    const open = () => {
      const url = `/api/meetings/${encodeURIComponent(meetingId)}/live${attempt > 0 ? `?lastEventId=${lastSeq}` : ""}`;
      source = new EventSource(url);
      source.onopen = () => {
        attempt = 0;
        setStatus("live");
        heard();
      };
      source.addEventListener("ping", heard);
      source.addEventListener("state", (event) => {
        heard();
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
    // The browser knows before the stream does when the network goes: say so at once, and reconnect as soon as it
    // is back rather than after the back-off.
    const onOffline = () => {
      if (retry) clearTimeout(retry);
      if (watchdog) clearTimeout(watchdog);
      source?.close();
      setStatus("reconnecting");
    };
    const onOnline = () => {
      if (stopped) return;
      if (retry) clearTimeout(retry);
      source?.close();
      attempt++;
      open();
    };
    window.addEventListener("offline", onOffline);
    window.addEventListener("online", onOnline);
    open();
    return () => {
      stopped = true;
      window.removeEventListener("offline", onOffline);
      window.removeEventListener("online", onOnline);
      if (retry) clearTimeout(retry);
      if (watchdog) clearTimeout(watchdog);
      source?.close();
    };
  }, [meetingId, initial.seq]);

  return { snapshot, status };
}
