// Image exchange figures (issue 15): Concilium retrieving the 133-slice LIDC CT from a real Orthanc, the same study
// pulled by Orthanc from Concilium's /api/dicomweb with a peer credential, and an outside expert's wait from the
// confirmed one-time code to the first CT image drawn.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";
import dcmjs from "dcmjs";
import { SMTPServer } from "smtp-server";
import type { PrismaClient } from "@/generated/prisma/client";
import { newUid } from "@/integrations/dicomweb/test-support/synthetic-image";
import { startOrthanc, type RunningOrthanc } from "@/integrations/pacs/testing/orthanc";
import { createCaller } from "@/server/api/root";
import { createInnerContext } from "@/server/api/trpc";
import { loadSessionUser } from "@/server/services/auth/load-session-user";
import { createPeer } from "@/server/services/dicomweb-peers/peer-credential";
import { digest, newToken } from "@/server/services/expert-opinion/share-secrets";
import { summarise } from "./browser";

interface Part10Message {
  dict: Record<string, { vr?: string; Value: unknown[] }>;
  meta: Record<string, { vr?: string; Value: unknown[] }>;
  write(): ArrayBuffer;
}
const { DicomMessage } = dcmjs.data as unknown as { DicomMessage: { readFile(buffer: ArrayBuffer): Part10Message } };

type Report = (name: string, value: string) => void;

const REMOTE_MRN = "BENCH-REMOTE";
const EXPERT_RUNS = 5;

export interface ExchangeSetup {
  remotePatientId: string;
  remoteStudyUid: string;
  peerToken: string;
  /** One unused share link per browser run, each for its own expert address. */
  shares: { token: string; email: string }[];
  lidcStudyUid: string;
}

/** Before the server starts (the embedded database is one process's): the remote patient, a peer, expert links. */
export async function prepareExchange(db: PrismaClient, lidcPatientId: string, lidcStudyUid: string): Promise<ExchangeSetup> {
  const kase = await db.case.findFirstOrThrow({ where: { patientId: lidcPatientId }, include: { board: true } });
  const chair = await db.user.findUniqueOrThrow({ where: { email: "chair@concilium.test" } });
  const patient = await db.patient.create({
    data: { mrn: REMOTE_MRN, familyName: "Remote", givenName: "Bench", birthDate: new Date("1950-01-01T00:00:00Z"), sex: "MALE", researchPseudonym: "CON-BENCH-REMOTE" },
  });
  await db.case.create({ data: { patientId: patient.id, boardId: kase.boardId, questionType: "OTHER", clinicalQuestion: "Benchmark", referringUserId: chair.id } });
  const peerToken = (await createPeer(db, { email: "bench" }, { name: "Bench Orthanc peer", boardSlugs: [kase.board.slug] })).token;
  const shares: ExchangeSetup["shares"] = [];
  for (let i = 0; i < EXPERT_RUNS; i++) {
    const token = newToken();
    const email = `expert-${i}@bench.test`;
    await db.expertShare.create({
      data: {
        caseId: kase.id,
        createdById: chair.id,
        expertName: `Bench Expert ${i}`,
        expertEmail: email,
        question: "Benchmark",
        studyInstanceUids: [lidcStudyUid],
        slideIds: [],
        identifiable: false,
        tokenHash: digest(token),
        expiresAt: new Date(Date.now() + 7 * 86_400_000),
      },
    });
    shares.push({ token, email });
  }
  return { remotePatientId: patient.id, remoteStudyUid: newUid(), peerToken, shares, lidcStudyUid };
}

/** A real Orthanc holding the LIDC CT as another hospital's study (new UIDs, the bench patient), and Concilium as its peer. */
export async function startExchangeOrthanc(lidcDir: string, setup: ExchangeSetup, conciliumBase: string): Promise<RunningOrthanc> {
  const orthanc = await startOrthanc({ dicomwebServers: { concilium: { Url: `${conciliumBase}/api/dicomweb/`, Username: "orthanc", Password: setup.peerToken } } });
  const series = newUid();
  for (const file of readdirSync(lidcDir).filter((f) => f.endsWith(".dcm"))) {
    const bytes = readFileSync(path.join(lidcDir, file));
    const message = DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const sop = newUid();
    message.dict["0020000D"]!.Value = [setup.remoteStudyUid];
    message.dict["0020000E"]!.Value = [series];
    message.dict["00080018"]!.Value = [sop];
    if (message.meta["00020003"]) message.meta["00020003"].Value = [sop];
    message.dict["00100020"]!.Value = [REMOTE_MRN];
    message.dict["00100010"] = { vr: "PN", Value: [{ Alphabetic: "Remote^Bench" }] };
    message.dict["00100030"] = { vr: "DA", Value: ["19500101"] };
    await orthanc.upload(new Uint8Array(message.write()));
  }
  return orthanc;
}

/** (a) Concilium retrieves the study from Orthanc as a board member does (remote.retrieve), in process. */
export async function measureRemoteRetrieve(db: PrismaClient, setup: ExchangeSetup, orthanc: RunningOrthanc, dataDir: string, report: Report) {
  Object.assign(process.env, {
    // The server's image store: the retrieved study is then there for the server too.
    CONCILIUM_DATA_DIR: dataDir,
    CONCILIUM_REMOTE_NODES: "bench-remote",
    CONCILIUM_REMOTE_BENCH_REMOTE_URL: orthanc.dicomwebUrl,
    CONCILIUM_REMOTE_BENCH_REMOTE_NAME: "Bench Orthanc",
    CONCILIUM_REMOTE_BENCH_REMOTE_USERNAME: orthanc.username,
    CONCILIUM_REMOTE_BENCH_REMOTE_PASSWORD: orthanc.password,
    CONCILIUM_REMOTE_BENCH_REMOTE_TIMEOUT_MS: "60000",
  });
  const coordinator = await db.user.findUniqueOrThrow({ where: { email: "coordinator@concilium.test" } });
  const caller = createCaller(createInnerContext({ db, user: await loadSessionUser(db, coordinator.id) }));
  const started = performance.now();
  const result = await caller.remote.retrieve({ patientId: setup.remotePatientId, nodeId: "bench-remote", studyInstanceUid: setup.remoteStudyUid });
  const seconds = (performance.now() - started) / 1000;
  report(
    `Remote retrieve: LIDC CT from Orthanc into Concilium (${result.received} images)`,
    `${seconds.toFixed(2)} s, ${(result.stored / seconds).toFixed(0)} images/s (${result.stored} stored, all or nothing)`,
  );
}

async function orthancJson<T>(orthanc: RunningOrthanc, pathname: string, init: RequestInit = {}): Promise<T> {
  const auth = `Basic ${Buffer.from(`${orthanc.username}:${orthanc.password}`).toString("base64")}`;
  const response = await fetch(`${orthanc.restUrl}${pathname}`, { ...init, headers: { Authorization: auth, "Content-Type": "application/json", ...init.headers } });
  if (!response.ok) throw new Error(`Orthanc ${pathname} answered ${response.status}`);
  return (await response.json()) as T;
}

/** (b) Orthanc pulls the seeded LIDC study from Concilium's DICOMweb with the peer credential (the server runs). */
export async function measureOrthancPull(setup: ExchangeSetup, orthanc: RunningOrthanc, report: Report) {
  const before = (await orthancJson<string[]>(orthanc, "/instances")).length;
  const started = performance.now();
  await orthancJson(orthanc, "/dicom-web/servers/concilium/retrieve", { method: "POST", body: JSON.stringify({ Resources: [{ Study: setup.lidcStudyUid }] }) });
  const seconds = (performance.now() - started) / 1000;
  const pulled = (await orthancJson<string[]>(orthanc, "/instances")).length - before;
  report(`Orthanc pulls the LIDC CT from Concilium's DICOMweb (${pulled} images)`, `${seconds.toFixed(2)} s, ${(pulled / seconds).toFixed(0)} images/s`);
}

/** A mail sink for the expert's one-time codes: SMTP on 127.0.0.1, messages kept in memory. */
export async function startCodeMailbox(port: number) {
  const messages: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        messages.push(Buffer.concat(chunks).toString("utf8").replace(/=\r?\n/g, ""));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const codeFor = async (email: string) => {
    for (let waited = 0; waited < 30_000; waited += 100) {
      const mail = messages.find((m) => m.includes(`To: ${email}`) && /Your code is (\d{6})/.test(m));
      if (mail) return /Your code is (\d{6})/.exec(mail)![1]!;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no code mailed to ${email}`);
  };
  return { url: `smtp://127.0.0.1:${port}`, codeFor, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** (c) Each run a new expert in a fresh browser context: "Confirm" clicked with the right code, to the first CT image drawn. */
export async function measureExpertFirstImage(base: string, setup: ExchangeSetup, codeFor: (email: string) => Promise<string>, report: Report) {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ARGS, headless: true });
  const times: number[] = [];
  try {
    for (const share of setup.shares) {
      const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
      const page = await context.newPage();
      await page.goto(`${base}/opinion/${share.token}`);
      await page.getByRole("button", { name: "Send me a code" }).click();
      const code = await codeFor(share.email);
      await page.getByLabel("One-time code").fill(code);
      const started = performance.now();
      await page.getByRole("button", { name: "Confirm" }).click();
      await page.locator('[role="img"][data-status="ready"][aria-label*="CT image"]').first().waitFor({ timeout: 60_000 });
      times.push(performance.now() - started);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  report("Expert: confirmed code to first CT image drawn (new browser each)", summarise(times));
}
