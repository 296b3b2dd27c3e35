/**
 * Sends the latest of a stream of values: at most one request in flight, at most one start per `intervalMs`, and
 * whatever arrived meanwhile coalesced into the newest. An unchanged value (same JSON) is not sent again.
 */
export class PublishQueue<T> {
  private pending: T | null = null;
  private lastJson = "";
  private inFlight = false;
  private lastStart = -Infinity;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(
    private readonly intervalMs: number,
    private readonly publish: (value: T) => Promise<void>,
    private readonly onError: (error: unknown) => void = () => undefined,
    private readonly now: () => number = () => Date.now(),
  ) {}

  send(value: T): void {
    const json = JSON.stringify(value);
    if (json === this.lastJson) return;
    this.lastJson = json;
    this.pending = value;
    this.pump();
  }

  /** Forget the last value sent, so that the same value is sent again (after a failure or a new role). */
  reset(): void {
    this.lastJson = "";
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private pump(): void {
    if (this.closed || this.inFlight || this.timer || this.pending === null) return;
    const wait = this.lastStart + this.intervalMs - this.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.pump();
      }, wait);
      return;
    }
    const value = this.pending;
    this.pending = null;
    this.inFlight = true;
    this.lastStart = this.now();
    this.publish(value)
      .catch((error: unknown) => {
        this.lastJson = "";
        this.onError(error);
      })
      .finally(() => {
        this.inFlight = false;
        this.pump();
      });
  }
}
