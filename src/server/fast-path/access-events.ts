/**
 * Receives the database's announcements of access changes (channel `concilium_access`, sent by the triggers of
 * migration 20261206120000) and drops the matching cached copies at once, on every app instance: a revoked or
 * deleted session, a user's role, activity or memberships, a case, slide, study or instance that moved or went away,
 * a series whose content changed (migration 20261208120000).
 * On PostgreSQL a dedicated LISTEN connection (reconnecting; everything is dropped after a reconnect, since
 * announcements in between are lost); on the embedded PGlite the process's own database delivers them.
 */
import type { Database } from "@/server/database/open-database";
import { listenPglite, listenPostgres, type Listening } from "@/server/live/listen";
import { forgetAllAuthSessions, forgetAuthSession, forgetSessionsOfUser } from "@/server/services/auth/check-auth-session";
import { accessCaches, forgetAllScopes, forgetEverything, forgetUser } from "@/server/services/auth/access-caches";
import { forgetImages } from "./image-bytes-cache";
import { forgetSeriesMetadata } from "./series-metadata";
import { forgetStoredInstances } from "./stored-instances";

export const ACCESS_CHANNEL = "concilium_access";

/** Applies one announcement to this process's caches. */
export function applyAccessEvent(payload: string): void {
  if (payload.startsWith("s:")) forgetAuthSession(payload.slice(2));
  else if (payload.startsWith("u:")) {
    const userId = payload.slice(2);
    forgetUser(userId);
    forgetSessionsOfUser(userId);
  } else if (payload.startsWith("m:")) forgetSeriesMetadata(payload.slice(2));
  else if (payload === "scope") {
    forgetAllScopes();
    forgetStoredInstances();
    forgetSeriesMetadata();
    forgetImages();
  } else dropAll();
}

function dropAll() {
  forgetEverything();
  forgetAllAuthSessions();
  forgetStoredInstances();
  forgetSeriesMetadata();
  forgetImages();
}

/** Starts receiving access events; caches are kept long only once LISTEN is in place. */
export function listenForAccessEvents(listenVia: Database["listenVia"]): Listening {
  const handlers = {
    onPayload: applyAccessEvent,
    onLost: () => {
      accessCaches.live = false;
    },
    onReconnect: () => {
      dropAll();
      accessCaches.live = true;
    },
  };
  const listening = listenVia.kind === "postgres" ? listenPostgres(listenVia.url, ACCESS_CHANNEL, handlers, { pingMs: 5_000 }) : listenPglite(listenVia.client, ACCESS_CHANNEL, handlers);
  void listening.ready.then(() => {
    dropAll();
    accessCaches.live = true;
  });
  return {
    ready: listening.ready,
    async close() {
      accessCaches.live = false;
      await listening.close();
    },
  };
}
