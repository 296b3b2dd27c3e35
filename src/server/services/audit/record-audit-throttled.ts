/**
 * Audit of reads that come in bursts: DICOM frames, rendered images, slide tiles. A viewer fetches hundreds of them
 * per series or slide, and an event each would flood the audit log and drown the reads that matter. They are
 * audited at most once per user, thing read and minute (per server process), which still records who looked at
 * which patient's images and when.
 */
import type { Actor, Db } from "../db-types";
import { recordAudit, type AuditEntry } from "./record-audit";

export const BURST_READ_WINDOW_MS = 60_000;
// One memory per process: Next bundles routes separately, and the fast path (server/fast-path) is another bundle.
const KEY = Symbol.for("concilium.lastBurstRead");
const holder = globalThis as { [KEY]?: Map<string, number> };
const lastRead = (holder[KEY] ??= new Map<string, number>());

/**
 * Records `entry` unless the same user read the same `thing` (e.g. "series:<uid>", "slide:<id>") less than a
 * minute ago. Answers whether it recorded.
 */
export async function recordAuditOncePerMinute(db: Db, actor: Actor, thing: string, entry: AuditEntry, now: number = Date.now()): Promise<boolean> {
  if (auditedWithinMinute(actor.id, thing, now)) return false;
  lastRead.set(`${actor.id}|${thing}`, now);
  if (lastRead.size > 10_000) {
    for (const [k, at] of lastRead) if (now - at >= BURST_READ_WINDOW_MS) lastRead.delete(k);
  }
  await recordAudit(db, actor, entry);
  return true;
}

/** Whether recordAuditOncePerMinute would record nothing now: this user read this thing less than a minute ago. */
export function auditedWithinMinute(actorId: string, thing: string, now: number = Date.now()): boolean {
  const last = lastRead.get(`${actorId}|${thing}`);
  return last !== undefined && now - last < BURST_READ_WINDOW_MS;
}
