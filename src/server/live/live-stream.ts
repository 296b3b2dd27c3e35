import type { LiveBus, LiveEvent } from "./live-bus";
import type { LiveSnapshot } from "./live-signal";

export interface LiveStreamOptions {
  bus: LiveBus;
  meetingId: string;
  /** From the Last-Event-ID header of a reconnecting EventSource: nothing at or below it is sent again. */
  lastEventId: number | null;
  /** Reads the stored state (after a NOTIFY too large to carry it, after a reconnect, and at the start). */
  load: () => Promise<LiveSnapshot>;
  heartbeatMs?: number;
  /** How long a browser waits before reconnecting, in ms (the SSE `retry` field). */
  retryMs?: number;
  /** The request's signal: a closed connection unsubscribes at once. */
  signal?: AbortSignal;
  /**
   * Asked before every change is sent; false ends the stream (a meeting guest whose access closed: the browser's
   * reconnect is then refused and the page shows why).
   */
  stillAllowed?: () => Promise<boolean>;
}

const encoder = new TextEncoder();

export function formatSseEvent(snapshot: LiveSnapshot): string {
  return `id: ${snapshot.seq}\nevent: state\ndata: ${JSON.stringify(snapshot)}\n\n`;
}

export function parseLastEventId(value: string | null | undefined): number | null {
  if (!value || !/^\d{1,10}$/.test(value.trim())) return null;
  return Number(value.trim());
}

/**
 * Server-sent events for one follower: the current state at once, then every change in order, a comment as a
 * heartbeat, never an event twice or out of order (sequence numbers only go up).
 */
export function liveEventStream(options: LiveStreamOptions): ReadableStream<Uint8Array> {
  const { bus, meetingId, load } = options;
  let lastSent = options.lastEventId ?? -1;
  let unsubscribe: (() => void) | null = null;
  let heartbeat: NodeJS.Timeout | null = null;
  let closed = false;
  // Loads and sends run one after another, so that a slow read never overtakes a later change.
  let queue: Promise<void> = Promise.resolve();

  const stop = () => {
    closed = true;
    unsubscribe?.();
    unsubscribe = null;
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = null;
  };

  return new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      const send = (snapshot: LiveSnapshot, force = false) => {
        if (closed || (snapshot.seq <= lastSent && !force)) return;
        lastSent = Math.max(lastSent, snapshot.seq);
        write(formatSseEvent(snapshot));
      };
      const enqueue = (task: () => Promise<void> | void) => {
        queue = queue.then(task).catch(() => {
          // A failed read: the next change or the client's reconnect brings the state.
        });
      };
      const end = () => {
        stop();
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      const onEvent = (event: LiveEvent) => {
        const allowed = options.stillAllowed;
        if (allowed) {
          enqueue(async () => {
            if (!closed && !(await allowed())) end();
          });
        }
        if (event.kind === "change") {
          const { signal } = event;
          if (signal.seq <= lastSent) return;
          if (signal.snapshot) {
            const snapshot = signal.snapshot;
            enqueue(() => send(snapshot));
          } else enqueue(async () => send(await load()));
        } else enqueue(async () => send(await load()));
      };

      write(`retry: ${options.retryMs ?? 1000}\n\n`);
      // Subscribe before reading, so that nothing between the read and the subscription is lost.
      unsubscribe = bus.subscribe(meetingId, onEvent);
      // A fresh follower gets the state even at sequence 0; a reconnecting one only what it missed.
      enqueue(async () => send(await load(), options.lastEventId === null));
      // A named event rather than a comment: the browser sees it and can tell a silent connection from a dead one.
      heartbeat = setInterval(() => write("event: ping\ndata: \n\n"), options.heartbeatMs ?? 15_000);
      options.signal?.addEventListener("abort", end);
    },
    cancel() {
      stop();
    },
  });
}
