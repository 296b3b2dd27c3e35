import type { Database } from "../database/open-database";
import { LiveBus } from "./live-bus";
import { LIVE_CHANNEL } from "./live-signal";
import { listenPglite, listenPostgres, type Listening, type PostgresListenOptions } from "./listen";

export interface RunningLiveBus {
  bus: LiveBus;
  ready: Promise<void>;
  close(): Promise<void>;
  /** The server process of the LISTEN connection (PostgreSQL only; tests use it to cut the connection). */
  backendPid(): Promise<number | null>;
}

/** One bus per app instance: LISTEN on the database (PostgreSQL or PGlite) and fan out in process. */
export function startLiveBus(listenVia: Database["listenVia"], options: PostgresListenOptions = {}): RunningLiveBus {
  const bus = new LiveBus();
  const handlers = { onPayload: (payload: string) => bus.deliver(payload), onReconnect: () => bus.resyncAll() };
  const listening: Listening & { backendPid?: () => Promise<number | null> } =
    listenVia.kind === "postgres" ? listenPostgres(listenVia.url, LIVE_CHANNEL, handlers, options) : listenPglite(listenVia.client, LIVE_CHANNEL, handlers);
  return {
    bus,
    ready: listening.ready,
    close: () => listening.close(),
    backendPid: async () => (listening.backendPid ? listening.backendPid() : null),
  };
}
