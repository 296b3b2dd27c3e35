/**
 * Runs once when the server starts (Next.js calls `register`): installs the fast path for tiles and frames (see
 * server/fast-path/install.ts), and runs the outcome schedule's due check every hour, so that OUTCOME_DUE tasks are
 * raised even when nobody opens a task list; task lists also run it as they load (throttled). The first check waits
 * a minute, so that start-up stays fast.
 */
const HOUR = 3_600_000;

export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installFastPath } = await import("./server/fast-path/install");
  installFastPath();
  if (process.env.NEXT_PHASE === "phase-production-build" || process.env.CONCILIUM_DUE_CHECK === "off") return;
  const { getPrisma } = await import("./server/db");
  const { raiseDueOutcomeTasks } = await import("./server/services/outcomes/raise-due-outcome-tasks");
  const run = async () => {
    try {
      await raiseDueOutcomeTasks(await getPrisma());
    } catch (error) {
      // No patient data in this message: only that the check failed and why (a database error).
      console.error("The outcome due check failed; it runs again in an hour.", error instanceof Error ? error.name : "unknown error");
    }
  };
  setTimeout(() => void run(), 60_000).unref();
  setInterval(() => void run(), HOUR).unref();
}
