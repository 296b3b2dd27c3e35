// Load: N signed-in users at once, each requesting back to back (no think time) a mix of what a meeting asks of
// the server: the agenda page, the case page, CT frames (DICOMweb WADO-RS) and slide tiles. Prints p50, p95 and
// errors. A closed loop on the same 2-core machine as the server: the load generator takes its share of the CPU.
import path from "node:path";
import type { PrismaClient } from "@/generated/prisma/client";
import { hashPassword } from "@/server/services/auth/verify-credentials";
import { percentile, signInOverHttp } from "./http";
import { listTiles } from "./tiles";

export const LOAD_PASSWORD = "concilium-demo";
const FRAME_ACCEPT = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';

export type LoadKind = "agenda page" | "case page" | "CT frame" | "slide tile";
export interface LoadRequest {
  kind: LoadKind;
  path: string;
  headers?: Record<string, string>;
}

/**
 * `users` specialists on every board (so every one may see the thoracic meeting), and the requests of the mix: the
 * demo's upcoming thoracic agenda, the LIDC case, frames of its CT and tiles of its SVS slide.
 */
export async function prepareLoad(db: PrismaClient, dataDir: string, users: number): Promise<{ emails: string[]; cycle: LoadRequest[] }> {
  const passwordHash = await hashPassword(LOAD_PASSWORD);
  const boards = await db.board.findMany({ select: { id: true } });
  const emails = Array.from({ length: users }, (_, i) => `load-${String(i + 1).padStart(3, "0")}@concilium.test`);
  for (const email of emails) {
    await db.user.create({
      data: { email, name: `Load ${email.slice(5, 8)}`, role: "SPECIALIST", specialty: "RADIOLOGY", passwordHash, memberships: { create: boards.map((b) => ({ boardId: b.id })) } },
    });
  }
  const patient = await db.patient.findUniqueOrThrow({
    where: { mrn: "LIDC-IDRI-0001" },
    include: { cases: { select: { id: true }, take: 1 }, slides: true, imagingStudies: { include: { series: { include: { instances: { select: { sopInstanceUid: true }, orderBy: { instanceNumber: "asc" }, take: 40 } } } } } },
  });
  // Planned or under way: the full bench's live-follow step has already started the first meeting when this runs.
  const meeting = await db.meeting.findFirstOrThrow({ where: { board: { slug: "thoracic" }, status: { in: ["PLANNED", "IN_PROGRESS"] }, agendaItems: { some: { case: { patientId: patient.id } } } }, orderBy: { startsAt: "asc" } });
  const study = patient.imagingStudies.find((s) => s.series.some((se) => se.instances.length > 0));
  const series = study?.series.find((se) => se.instances.length > 0);
  const svs = patient.slides.find((slide) => slide.format === "APERIO_SVS" && slide.storagePath);
  if (!study || !series || !svs?.storagePath || !patient.cases[0]) throw new Error("the load mix needs the demo's LIDC CT and SVS slide (DEMO_DATA_DIR)");
  const frames: LoadRequest[] = series.instances.map((i) => ({
    kind: "CT frame",
    path: `/api/dicomweb/studies/${study.studyInstanceUid}/series/${series.seriesInstanceUid}/instances/${i.sopInstanceUid}/frames/1`,
    headers: { accept: FRAME_ACCEPT },
  }));
  const tiles: LoadRequest[] = listTiles(path.join(dataDir, "slides", svs.storagePath, "slide_files"), 9)
    .slice(0, 200)
    .map((t) => ({ kind: "slide tile", path: `/api/slides/${svs.id}/tiles/${t}` }));
  // One round of a user: an agenda and a case page, then what their viewers fetch (4 frames, 4 tiles).
  const cycle: LoadRequest[] = [];
  for (let round = 0; round < Math.max(frames.length, tiles.length) / 4; round++) {
    cycle.push({ kind: "agenda page", path: `/meetings/${meeting.id}` }, { kind: "case page", path: `/cases/${patient.cases[0].id}` });
    for (let k = 0; k < 4; k++) cycle.push(frames[(round * 4 + k) % frames.length]!, tiles[(round * 4 + k) % tiles.length]!);
  }
  return { emails, cycle };
}

export async function signInAll(base: string, emails: string[], parallel = 5): Promise<string[]> {
  const cookies: string[] = new Array(emails.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < emails.length) {
        const i = next++;
        cookies[i] = await signInOverHttp(base, emails[i]!, LOAD_PASSWORD);
      }
    }),
  );
  return cookies;
}

export interface LoadResult {
  users: number;
  seconds: number;
  requests: number;
  errors: number;
  /** The first few distinct failures (status and path kind), to tell what failed. */
  errorSamples: string[];
  all: { p50: number; p95: number };
  byKind: Record<string, { requests: number; p50: number; p95: number }>;
}

/** Every user requests the cycle from their own offset, back to back, until `seconds` have passed. */
export async function runLoad(base: string, cookies: string[], cycle: LoadRequest[], seconds: number): Promise<LoadResult> {
  const times = new Map<LoadKind, number[]>();
  let errors = 0;
  const errorSamples = new Set<string>();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    cookies.map(async (cookie, user) => {
      let i = Math.floor((user * cycle.length) / cookies.length);
      while (performance.now() < deadline) {
        const request = cycle[i++ % cycle.length]!;
        const t0 = performance.now();
        try {
          const res = await fetch(`${base}${request.path}`, { headers: { cookie, ...request.headers }, redirect: "manual" });
          await res.arrayBuffer();
          if (res.status !== 200) {
            errors++;
            if (errorSamples.size < 5) errorSamples.add(`${res.status} ${request.kind}`);
            continue;
          }
        } catch (error) {
          errors++;
          if (errorSamples.size < 5) errorSamples.add(`${error instanceof Error ? error.message : "failed"} ${request.kind}`);
          continue;
        }
        const list = times.get(request.kind) ?? [];
        list.push(performance.now() - t0);
        times.set(request.kind, list);
      }
    }),
  );
  const all = [...times.values()].flat();
  const byKind: LoadResult["byKind"] = {};
  for (const [kind, list] of times) byKind[kind] = { requests: list.length, p50: percentile(list, 50), p95: percentile(list, 95) };
  return {
    users: cookies.length,
    seconds: (performance.now() - started) / 1000,
    requests: all.length + errors,
    errors,
    errorSamples: [...errorSamples],
    all: { p50: percentile(all, 50), p95: percentile(all, 95) },
    byKind,
  };
}
