-- The audit log (NEN 7513): a ground, the request's source, and a hash chain; append-only.

-- CreateEnum
CREATE TYPE "AuditGround" AS ENUM ('BOARD_MEMBERSHIP', 'DECLARED_RELATIONSHIP', 'EMERGENCY', 'ADMINISTRATION');

-- DropForeignKey
ALTER TABLE "AuditEvent" DROP CONSTRAINT "AuditEvent_actorId_fkey";

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "ground" "AuditGround",
ADD COLUMN     "hash" TEXT,
ADD COLUMN     "prevHash" TEXT,
ADD COLUMN     "sourceIp" TEXT,
ADD COLUMN     "userAgent" TEXT;

-- CreateTable
CREATE TABLE "AuditChainHead" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "lastEventId" BIGINT,
    "hash" TEXT NOT NULL,

    CONSTRAINT "AuditChainHead_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuditEvent_actorEmail_at_idx" ON "AuditEvent"("actorEmail", "at");

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The hash of one event: sha256 over the previous event's hash and this event's fields, each written as
-- "<bytes>:<text>" (or "-" for null) and joined with "|", so that no two different events share a text.
-- scripts/audit-verify.ts recomputes exactly this in Node (src/server/services/audit/audit-chain.ts).
CREATE FUNCTION audit_event_hash(prev_hash TEXT, e "AuditEvent") RETURNS TEXT
LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(string_agg(coalesce(octet_length(f)::text || ':' || f, '-'), '|' ORDER BY n), 'UTF8')), 'hex')
  FROM unnest(ARRAY[
    prev_hash, e."id"::text, to_char(e."at", 'YYYY-MM-DD"T"HH24:MI:SS.MS'), e."actorId", e."actorEmail", e."action",
    e."entityType", e."entityId", e."patientId", e."reason", e."detail"::text, e."ground"::text, e."sourceIp", e."userAgent"
  ]) WITH ORDINALITY AS t(f, n)
$$;

-- Chain the events written before this migration, in id order, from the genesis hash (64 zeros).
DO $$
DECLARE
  prev TEXT := repeat('0', 64);
  last_id BIGINT := NULL;
  e "AuditEvent";
BEGIN
  FOR e IN SELECT * FROM "AuditEvent" ORDER BY "id" LOOP
    e."prevHash" := prev;
    prev := audit_event_hash(prev, e);
    UPDATE "AuditEvent" SET "prevHash" = e."prevHash", "hash" = prev WHERE "id" = e."id";
    last_id := e."id";
  END LOOP;
  INSERT INTO "AuditChainHead" ("id", "lastEventId", "hash") VALUES (1, last_id, prev);
END $$;

-- Why in the database and not in the app: several app processes (or connections of one pool) append at once, and
-- the chain must be one line. The trigger locks the single head row (SELECT ... FOR UPDATE) until its transaction
-- ends, so appenders queue; it then draws the event's id, so ids follow the chain's order, links the event to the
-- head and moves the head. Under READ COMMITTED a waiting appender sees the head its predecessor committed; under
-- REPEATABLE READ or SERIALIZABLE it fails with a serialization error instead of forking the chain.
-- A head row rather than "the event with the highest id": it is one row to lock, and it reveals a deleted tail.
CREATE FUNCTION audit_event_chain() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
DECLARE
  head_hash TEXT;
BEGIN
  SELECT "hash" INTO head_hash FROM "AuditChainHead" WHERE "id" = 1 FOR UPDATE;
  IF head_hash IS NULL THEN
    RAISE EXCEPTION 'The audit chain has no head row: the audit log cannot be appended to.';
  END IF;
  -- (The default drew an id already; drawing again under the lock leaves gaps, which the chain does not mind.)
  NEW."id" := nextval(pg_get_serial_sequence('"AuditEvent"', 'id'));
  NEW."at" := NEW."at"::TIMESTAMP(3);
  NEW."prevHash" := head_hash;
  NEW."hash" := audit_event_hash(head_hash, NEW);
  UPDATE "AuditChainHead" SET "hash" = NEW."hash", "lastEventId" = NEW."id" WHERE "id" = 1;
  RETURN NEW;
END $$;

CREATE TRIGGER audit_event_chain BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION audit_event_chain();

-- Append-only: no UPDATE, DELETE or TRUNCATE of events, and the head row stays. Only a superuser who disables the
-- triggers can change the log, and `npm run audit:verify` then names the first event that no longer fits the chain.
CREATE FUNCTION audit_log_refuse_change() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'The audit log is append-only: % on "%" is refused.', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON "AuditEvent" FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_chain_head_kept BEFORE DELETE ON "AuditChainHead" FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_chain_head_no_truncate BEFORE TRUNCATE ON "AuditChainHead" FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
