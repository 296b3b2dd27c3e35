/**
 * Verifying the audit log's hash chain. The database links every event on insert (migration
 * 20261205120000_audit_append_only_chain): hash = sha256 over the previous event's hash and the event's fields, each
 * written as "<bytes>:<text>" (or "-" for null) and joined with "|". Here the same hash is recomputed in Node, event
 * by event in id order, independently of the database's function, and the first event that does not fit is named:
 * a changed event no longer matches its hash; a removed or re-hashed one breaks the next event's link; a removed
 * tail no longer matches the chain's head row.
 */
import { createHash } from "node:crypto";
import type { Db } from "../db-types";

export const GENESIS_HASH = "0".repeat(64);

/** An event's fields as the database writes them to text (timestamps to the millisecond, JSON as jsonb prints it). */
interface ChainRow {
  id: string;
  at: string;
  actorId: string | null;
  actorEmail: string;
  action: string;
  entityType: string;
  entityId: string | null;
  patientId: string | null;
  reason: string | null;
  detail: string | null;
  ground: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  prevHash: string | null;
  hash: string | null;
}

export function auditEventHash(prevHash: string, row: Omit<ChainRow, "prevHash" | "hash">): string {
  const fields = [prevHash, row.id, row.at, row.actorId, row.actorEmail, row.action, row.entityType, row.entityId, row.patientId, row.reason, row.detail, row.ground, row.sourceIp, row.userAgent];
  const text = fields.map((f) => (f === null ? "-" : `${Buffer.byteLength(f, "utf8")}:${f}`)).join("|");
  return createHash("sha256").update(text, "utf8").digest("hex");
}

export type ChainReport = { intact: true; events: number } | { intact: false; events: number; brokenAt: bigint | null; problem: string };

const BATCH = 2_000;

export async function verifyAuditChain(db: Db): Promise<ChainReport> {
  let expectedPrev = GENESIS_HASH;
  let lastId = -1n;
  let events = 0;
  for (;;) {
    const rows = await db.$queryRaw<ChainRow[]>`
      -- (Ordered by the column, e."id": "id" alone would be the text alias, and "10" sorts before "2".)
      SELECT "id"::text AS "id", to_char("at", 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS "at", "actorId", "actorEmail", "action",
             "entityType", "entityId", "patientId", "reason", "detail"::text AS "detail", "ground"::text AS "ground",
             "sourceIp", "userAgent", "prevHash", "hash"
      FROM "AuditEvent" e WHERE e."id" > ${lastId} ORDER BY e."id" LIMIT ${BATCH}`;
    for (const row of rows) {
      const id = BigInt(row.id);
      if (row.prevHash !== expectedPrev) {
        return { intact: false, events, brokenAt: id, problem: `event ${row.id} does not follow the event before it (an event was removed, inserted or re-hashed)` };
      }
      if (row.hash !== auditEventHash(expectedPrev, row)) {
        return { intact: false, events, brokenAt: id, problem: `event ${row.id} was changed after it was written (its fields no longer match its hash)` };
      }
      expectedPrev = row.hash;
      lastId = id;
      events += 1;
    }
    if (rows.length < BATCH) break;
  }
  const [head] = await db.$queryRaw<{ hash: string; lastEventId: string | null }[]>`
    SELECT "hash", "lastEventId"::text AS "lastEventId" FROM "AuditChainHead" WHERE "id" = 1`;
  if (!head) return { intact: false, events, brokenAt: null, problem: "the chain's head row is missing" };
  if (head.hash !== expectedPrev || (head.lastEventId ?? "-1") !== lastId.toString()) {
    return { intact: false, events, brokenAt: head.lastEventId ? BigInt(head.lastEventId) : null, problem: `the chain ends at event ${lastId} but its head names event ${head.lastEventId ?? "none"} (events at the end were removed)` };
  }
  return { intact: true, events };
}

/** The report as the command prints it. */
export function describeChainReport(report: ChainReport): string {
  return report.intact ? `Audit chain intact, ${report.events} events.` : `Audit chain BROKEN after ${report.events} intact events: ${report.problem}.`;
}
