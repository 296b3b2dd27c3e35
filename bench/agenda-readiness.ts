// Agenda with readiness: figures only. Two parts, for bench/run.ts to call:
//  - countAgendaReadinessQueries: database queries per meeting.agenda call (in-process, through the real router and
//    guard), for agendas of 10 and 40 cases: the number must not grow with the cases;
//  - benchAgendaReadiness: server time of the agenda page and of the tRPC call over HTTP against the running build.
import type { createCaller } from "@/server/api/root";
import { httpTimings, percentile } from "./http";

type Caller = ReturnType<typeof createCaller>;

/**
 * Queries per agenda request with readiness. `counter` is the benchmark's query counter around the database
 * (openDatabase's onQuery): start() resets and starts counting, stop() returns the count.
 */
export async function countAgendaReadinessQueries(caller: Caller, meetingIds: { 10: string; 40: string }, counter: { start(): void; stop(): number }): Promise<Record<string, string>> {
  const figures: Record<string, string> = {};
  for (const size of [10, 40] as const) {
    await caller.meeting.agenda({ meetingId: meetingIds[size] }); // warm
    counter.start();
    const agenda = await caller.meeting.agenda({ meetingId: meetingIds[size] });
    const queries = counter.stop();
    const notReady = agenda.items.filter((i) => i.readiness.status === "NOT_READY").length;
    figures[`Database queries per agenda request with readiness (${size} cases)`] = `${queries} (${notReady} of ${size} not ready)`;
  }
  return figures;
}

/** Server time of the 40-case agenda with readiness: the page and the tRPC call, median and p95 of `n`. */
export async function benchAgendaReadiness(baseUrl: string, cookie: string, meetingId: string, n = 30): Promise<Record<string, string>> {
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const page = await httpTimings(`${baseUrl}/meetings/${meetingId}`, cookie, n);
  const api = await httpTimings(`${baseUrl}/api/trpc/meeting.agenda?input=${encodeURIComponent(JSON.stringify({ json: { meetingId } }))}`, cookie, n);
  return {
    [`Agenda of 40 cases with readiness, page server time (median of ${n})`]: ms(percentile(page, 50)),
    [`Agenda of 40 cases with readiness, page server time (p95)`]: ms(percentile(page, 95)),
    [`Agenda of 40 cases with readiness, tRPC meeting.agenda (median of ${n})`]: ms(percentile(api, 50)),
    [`Agenda of 40 cases with readiness, tRPC meeting.agenda (p95)`]: ms(percentile(api, 95)),
  };
}
