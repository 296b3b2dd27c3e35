/**
 * The progress of a retrieval from another hospital, kept in the database (RemoteRetrieval) so that every server
 * process answers the progress bar, not only the one doing the work. Written in batches (at most once a second while
 * images arrive, at once on a change of phase), with a heartbeat while a long import runs: a job whose process died
 * stops beating and is reported failed once it has been silent for STALE_AFTER_MS.
 */
import type { PrismaClient } from "@/generated/prisma/client";

export type RetrievePhase = "receiving" | "importing" | "done" | "failed";

export interface RetrieveProgress {
  studyInstanceUid: string;
  /** Instances received so far, and the number the node announced (0 when unknown). */
  received: number;
  expected: number;
  bytes: number;
  phase: RetrievePhase;
  /** Why it failed, in words for the user; null otherwise. */
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

/** A running job silent for this long is taken for dead: the heartbeat beats four times in that span. */
export const STALE_AFTER_MS = 2 * 60_000;
const HEARTBEAT_MS = STALE_AFTER_MS / 4;
/** How often progress is written while images arrive. */
const WRITE_EVERY_MS = 1000;
export const STALE_MESSAGE = "The retrieval stopped without finishing (the server handling it went away). Try again.";

const ACTIVE = new Set<string>(["receiving", "importing"]);

/** The caller's own retrieval, from any process; another user's (or an unknown id) is null. */
export async function retrieveProgress(db: PrismaClient, userId: string, retrievalId: string, now = new Date()): Promise<RetrieveProgress | null> {
  const job = await db.remoteRetrieval.findUnique({ where: { id: retrievalId } });
  if (!job || job.userId !== userId) return null;
  const stale = ACTIVE.has(job.phase) && now.getTime() - job.updatedAt.getTime() > STALE_AFTER_MS;
  return {
    studyInstanceUid: job.studyInstanceUid,
    received: job.received,
    expected: job.expected,
    bytes: Number(job.bytes),
    phase: stale ? "failed" : (job.phase as RetrievePhase),
    error: stale ? STALE_MESSAGE : job.error,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
  };
}

/**
 * The writer of one job's progress. Without a retrieval id (a caller that shows no progress) it writes nothing. A
 * failed write never fails the retrieval: progress is for the eye.
 */
export class RetrieveJob {
  private lastWrite = 0;
  private heartbeat: NodeJS.Timeout | undefined;
  private started: Promise<boolean> = Promise.resolve(false);

  constructor(
    private readonly db: PrismaClient,
    private readonly id: string | undefined,
    private readonly progress: { received: number; expected: number; bytes: number; phase: RetrievePhase },
  ) {}

  /** Creates the row (an id reused by another user is left alone: that job is not this one). */
  start(owner: { userId: string; patientId: string; nodeId: string; studyInstanceUid: string }) {
    const id = this.id;
    if (!id) return Promise.resolve();
    this.started = (async () => {
      const existing = await this.db.remoteRetrieval.findUnique({ where: { id }, select: { userId: true } });
      if (existing && existing.userId !== owner.userId) return false;
      const now = new Date();
      const fields = { ...this.row(), error: null, startedAt: now, updatedAt: now, finishedAt: null, patientId: owner.patientId, nodeId: owner.nodeId, studyInstanceUid: owner.studyInstanceUid };
      await this.db.remoteRetrieval.upsert({ where: { id }, create: { id, userId: owner.userId, ...fields }, update: fields });
      return true;
    })().catch(() => false);
    this.heartbeat = setInterval(() => void this.write(), HEARTBEAT_MS);
    this.heartbeat.unref();
    return this.started.then(() => undefined);
  }

  /** Called as images arrive: written at most once a second. */
  async tick() {
    if (Date.now() - this.lastWrite >= WRITE_EVERY_MS) await this.write();
  }

  /** A change of phase is written at once; done and failed end the job (and its heartbeat). */
  async phase(phase: RetrievePhase, error: string | null = null) {
    this.progress.phase = phase;
    const finished = phase === "done" || phase === "failed";
    if (finished) clearInterval(this.heartbeat);
    await this.write(finished ? { error, finishedAt: new Date() } : {});
  }

  private row() {
    return { phase: this.progress.phase, received: this.progress.received, expected: this.progress.expected, bytes: BigInt(this.progress.bytes) };
  }

  private async write(extra: { error?: string | null; finishedAt?: Date } = {}) {
    if (!this.id || !(await this.started)) return;
    this.lastWrite = Date.now();
    await this.db.remoteRetrieval.update({ where: { id: this.id }, data: { ...this.row(), ...extra, updatedAt: new Date() } }).catch(() => undefined);
  }
}
