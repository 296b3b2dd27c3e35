import { getDatabase } from "../db";
import type { LiveBus } from "./live-bus";
import { startLiveBus, type RunningLiveBus } from "./start-live-bus";

// One bus per process, kept on globalThis like the database so that module reloads in development share it.
const holder = globalThis as unknown as { conciliumLiveBus?: Promise<RunningLiveBus> };

export async function getLiveBus(): Promise<LiveBus> {
  // Only opening the database can fail here (then the next request tries again); LISTEN itself retries forever.
  holder.conciliumLiveBus ??= getDatabase().then(
    async (db) => {
      const running = startLiveBus(db.listenVia);
      await running.ready;
      return running;
    },
    (error: unknown) => {
      holder.conciliumLiveBus = undefined;
      throw error;
    },
  );
  return (await holder.conciliumLiveBus).bus;
}
