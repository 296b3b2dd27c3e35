/**
 * Installs the fast path in this server process (called from src/instrumentation.ts, inside Next's own bundle so that
 * it shares the database and the caches with the routes): the custom server (scripts/serve.mjs) finds the handler on
 * globalThis. Starts receiving the database's access events, without which caches stay short.
 */
import { getDatabase } from "@/server/db";
import { listenForAccessEvents } from "./access-events";
import { handleFast } from "./lean-handler";
import { reservePacsFrameMemory } from "./pacs-frames";

export const FAST_PATH_KEY = Symbol.for("concilium.fastPath");

export function installFastPath(): void {
  const holder = globalThis as { [FAST_PATH_KEY]?: typeof handleFast };
  if (holder[FAST_PATH_KEY]) return;
  holder[FAST_PATH_KEY] = handleFast;
  startAccessEvents();
  reservePacsFrameMemory();
}

function startAccessEvents() {
  void getDatabase().then(
    (db) => listenForAccessEvents(db.listenVia),
    // The database is not reachable yet: until events are received, caches stay short.
    () => setTimeout(startAccessEvents, 5_000).unref(),
  );
}
