import { parseLiveNotification, type LiveSignal } from "./live-signal";

/** A subscriber gets every change of its meeting, or `resync` after the bus lost and regained its connection. */
export type LiveEvent = { kind: "change"; signal: LiveSignal } | { kind: "resync" };
export type LiveListener = (event: LiveEvent) => void;

/**
 * The in-process fan-out of one app instance: one LISTEN connection feeds every SSE subscriber of every meeting.
 * Delivery is synchronous and never throws into the listener connection.
 */
export class LiveBus {
  private readonly byMeeting = new Map<string, Set<LiveListener>>();

  subscribe(meetingId: string, listener: LiveListener): () => void {
    let set = this.byMeeting.get(meetingId);
    if (!set) this.byMeeting.set(meetingId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.byMeeting.get(meetingId) === set) this.byMeeting.delete(meetingId);
    };
  }

  subscriberCount(meetingId?: string): number {
    if (meetingId) return this.byMeeting.get(meetingId)?.size ?? 0;
    let total = 0;
    for (const set of this.byMeeting.values()) total += set.size;
    return total;
  }

  /** A NOTIFY payload from the database. */
  deliver(payload: string): void {
    const signal = parseLiveNotification(payload);
    if (!signal) return;
    this.emit(this.byMeeting.get(signal.meetingId), { kind: "change", signal });
  }

  /** After a reconnect notifications may have been missed: every subscriber re-reads the stored state. */
  resyncAll(): void {
    for (const set of this.byMeeting.values()) this.emit(set, { kind: "resync" });
  }

  private emit(set: Set<LiveListener> | undefined, event: LiveEvent) {
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(event);
      } catch (error) {
        console.error("live: a subscriber failed", error instanceof Error ? error.name : "unknown error");
      }
    }
  }
}
