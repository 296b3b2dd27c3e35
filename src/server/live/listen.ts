import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";

export interface Listening {
  /** Resolves once the first LISTEN is in place. */
  ready: Promise<void>;
  close(): Promise<void>;
}

export interface ListenHandlers {
  onPayload: (payload: string) => void;
  /** Called after the connection was lost and LISTEN is in place again: notifications in between are lost. */
  onReconnect?: () => void;
  /** Called when the connection is lost (before reconnecting): notifications may be missed from now on. */
  onLost?: () => void;
}

export interface PostgresListenOptions {
  minDelayMs?: number;
  maxDelayMs?: number;
  /** A `SELECT 1` this often finds a half-open connection that TCP keep-alive has not noticed yet. */
  pingMs?: number;
}

/**
 * LISTEN on a dedicated PostgreSQL connection (a pool would hand the connection back and lose the LISTEN). On any
 * error or end it reconnects with exponential backoff, LISTENs again and calls onReconnect.
 */
export function listenPostgres(url: string, channel: string, handlers: ListenHandlers, options: PostgresListenOptions = {}): Listening & { backendPid(): Promise<number | null> } {
  const minDelay = options.minDelayMs ?? 200;
  const maxDelay = options.maxDelayMs ?? 10_000;
  let closed = false;
  let client: pg.Client | null = null;
  let attempt = 0;
  let everConnected = false;
  let timer: NodeJS.Timeout | null = null;
  let ping: NodeJS.Timeout | null = null;
  let resolveReady!: () => void;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));

  const drop = (c: pg.Client) => {
    if (client !== c) return;
    client = null;
    if (ping) clearInterval(ping);
    ping = null;
    c.removeAllListeners("notification");
    c.end().catch(() => undefined);
    handlers.onLost?.();
    schedule();
  };

  const schedule = () => {
    if (closed || timer) return;
    const delay = attempt === 0 ? 0 : Math.min(maxDelay, minDelay * 2 ** (attempt - 1));
    attempt++;
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, delay);
  };

  const connect = async () => {
    const c = new pg.Client({ connectionString: url, keepAlive: true, connectionTimeoutMillis: 5_000 });
    c.on("error", () => drop(c));
    c.on("end", () => drop(c));
    c.on("notification", (message) => {
      if (message.channel === channel && message.payload !== undefined) handlers.onPayload(message.payload);
    });
    client = c;
    try {
      await c.connect();
      await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      if (closed) return void c.end().catch(() => undefined);
      attempt = 0;
      if (options.pingMs !== 0) ping = setInterval(() => c.query("SELECT 1").catch(() => drop(c)), options.pingMs ?? 15_000);
      if (everConnected) handlers.onReconnect?.();
      everConnected = true;
      resolveReady();
    } catch {
      drop(c);
    }
  };

  schedule();
  return {
    ready,
    async backendPid() {
      if (!client) return null;
      const rows = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      return rows.rows[0]?.pid ?? null;
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      if (ping) clearInterval(ping);
      const c = client;
      client = null;
      if (c) {
        c.removeAllListeners();
        c.on("error", () => undefined);
        await c.end().catch(() => undefined);
      }
    },
  };
}

/** LISTEN on the embedded PGlite: NOTIFYs of every query on the same instance arrive here; there is nothing to reconnect. */
export function listenPglite(client: PGlite, channel: string, handlers: ListenHandlers): Listening {
  const unlisten = client.listen(channel, handlers.onPayload);
  return {
    ready: unlisten.then(() => undefined),
    async close() {
      await (await unlisten)().catch(() => undefined);
    },
  };
}
