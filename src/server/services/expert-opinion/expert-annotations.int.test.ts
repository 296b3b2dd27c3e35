/**
 * The expert's own annotation layer: kept through the session of its own link only, while the link is open; the board
 * reads it with the case's second opinions, apart from its findings. Refused: another link's expert, a withdrawn link,
 * a board member (no expert session), a study that was not shared.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REFUSALS } from "@/domain/expert-opinion/share-rules";
import { startTestSmtpServer } from "@/integrations/mail/test-smtp-server";
import { appRouter } from "@/server/api/root";
import { setUpFixture } from "@/server/testing/fixture";
import { confirmCode, sendCode } from "./expert-access";
import { deleteExpertAnnotation, keepExpertAnnotation, listExpertAnnotations, NO_SUCH_ANNOTATION, NOT_SHARED_STUDY, type ExpertAnnotationInput } from "./expert-annotations";

const fixture = setUpFixture();
let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
const STUDY = "1.2.826.0.1.3680043.8.498.91";
const OTHER_STUDY = "1.2.826.0.1.3680043.8.498.92";

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  process.env.SMTP_URL = smtp.url;
  const f = fixture();
  for (const uid of [STUDY, OTHER_STUDY]) {
    await f.db.imagingStudy.create({ data: { patientId: f.patientA.id, studyInstanceUid: uid, modality: "CT", studyDate: new Date("2026-11-01T00:00:00Z"), description: "CT chest" } });
  }
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  await smtp.close();
});

const textOf = (raw: string) => raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
const lastMailTo = (address: string) => textOf(smtp.messages.filter((m) => m.to.includes(address)).at(-1)?.raw ?? "");

async function openShare(expertName: string, expertEmail: string) {
  const f = fixture();
  const chair = await f.callerFor("chair");
  await chair.expertOpinion.share({ caseId: f.caseA.id, expertName, expertEmail, question: "Resectable?", studyInstanceUids: [STUDY], slideIds: [], includeDecision: false, origin: "http://localhost:3000" });
  const token = /\/opinion\/([\w-]{43})/.exec(lastMailTo(expertEmail))![1]!;
  expect(await sendCode(f.db, token)).toEqual({ ok: true });
  const confirmed = await confirmCode(f.db, token, /Your code is (\d{6})/.exec(lastMailTo(expertEmail))![1]!);
  if (!confirmed.ok) throw new Error(confirmed.message);
  const shareId = (await f.db.expertShare.findFirstOrThrow({ where: { expertEmail }, orderBy: { createdAt: "desc" } })).id;
  return { token, session: confirmed.session, shareId };
}

const length = (study = STUDY): ExpertAnnotationInput => ({
  kind: "Length",
  studyInstanceUid: study,
  seriesInstanceUid: "1.2.826.0.1.3680043.8.498.93",
  sopInstanceUid: "1.2.826.0.1.3680043.8.498.94",
  values: [{ name: "Length", value: 23.4, unit: "mm" }],
  text: "Length 23.4 mm",
  label: "nodule, long axis",
  points: [
    [-120.5, 30.25, -200],
    [-98.1, 31, -200],
  ],
});

describe("the expert's own annotation layer", () => {
  it("keeps a measurement in the expert's layer, audited, and the board sees it with the second opinion, not among its findings", async () => {
    const f = fixture();
    const meyer = await openShare("Dr Meyer", "meyer@elsewhere.example");
    const findingsBefore = await f.db.finding.count();
    const kept = await keepExpertAnnotation(f.db, meyer.session, meyer.token, length());
    expect(kept).toMatchObject({ ok: true, annotation: { kind: "Length", text: "Length 23.4 mm", label: "nodule, long axis" } });
    expect(await listExpertAnnotations(f.db, meyer.shareId)).toHaveLength(1);
    expect(await f.db.finding.count()).toBe(findingsBefore);
    expect(await f.db.auditEvent.count({ where: { action: "expert-annotation.create", patientId: f.patientA.id, actorEmail: "meyer@elsewhere.example", ground: "EXPERT_SHARE" } })).toBe(1);

    const board = await (await f.callerFor("specialist")).expertOpinion.forCase({ caseId: f.caseA.id });
    const entry = board.shares.find((s) => s.id === meyer.shareId)!;
    expect(entry.annotations).toEqual([expect.objectContaining({ kind: "Length", text: "Length 23.4 mm", label: "nodule, long axis" })]);
  });

  it("refuses another link's expert, a study that was not shared, a board member without an expert session, and a withdrawn link", async () => {
    const f = fixture();
    const meyer = await openShare("Dr Meyer", "meyer2@elsewhere.example");
    const other = await openShare("Dr Other", "other@elsewhere.example");
    const before = await f.db.expertAnnotation.count();

    // Another share's expert: their session does not open this link.
    expect(await keepExpertAnnotation(f.db, other.session, meyer.token, length())).toEqual({ ok: false, message: REFUSALS.sessionEnded });
    // Images not shared with this expert (the same patient's other study).
    expect(await keepExpertAnnotation(f.db, meyer.session, meyer.token, length(OTHER_STUDY))).toEqual({ ok: false, message: NOT_SHARED_STUDY });
    expect(await f.db.auditEvent.count({ where: { action: "expert-annotation.create.denied", entityId: meyer.shareId } })).toBe(1);
    // A board member: signed in to Concilium, but no expert session; the board has no procedure that writes this layer.
    expect(await keepExpertAnnotation(f.db, null, meyer.token, length())).toEqual({ ok: false, message: REFUSALS.sessionEnded });
    const chair = await f.callerFor("chair");
    // The board's procedures on second opinions: none writes into an expert's layer.
    expect(Object.keys(appRouter._def.procedures).filter((name) => name.startsWith("expertOpinion.")).sort()).toEqual(["expertOpinion.forCase", "expertOpinion.layers", "expertOpinion.revoke", "expertOpinion.share"]);

    await chair.expertOpinion.revoke({ caseId: f.caseA.id, shareId: meyer.shareId });
    expect(await keepExpertAnnotation(f.db, meyer.session, meyer.token, length())).toEqual({ ok: false, message: REFUSALS.sessionEnded });
    expect(await f.db.expertAnnotation.count()).toBe(before);
  });

  it("draws the layer for the board: the expert's handles, by expert, audited as a read of the patient's images; another board's chair is refused", async () => {
    const f = fixture();
    const meyer = await openShare("Dr Layer", "layer@elsewhere.example");
    const kept = await keepExpertAnnotation(f.db, meyer.session, meyer.token, length());
    if (!kept.ok) throw new Error(kept.message);
    const before = await f.db.auditEvent.count({ where: { action: "expert-annotation.read", patientId: f.patientA.id } });

    const layers = await (await f.callerFor("specialist")).expertOpinion.layers({ patientId: f.patientA.id });
    const layer = layers.find((l) => l.shareId === meyer.shareId)!;
    expect(layer).toEqual({
      shareId: meyer.shareId,
      expertName: "Dr Layer",
      annotations: [expect.objectContaining({ id: kept.annotation.id, kind: "Length", label: "nodule, long axis", sopInstanceUid: "1.2.826.0.1.3680043.8.498.94", points: [[-120.5, 30.25, -200], [-98.1, 31, -200]] })],
    });
    expect(await f.db.auditEvent.count({ where: { action: "expert-annotation.read", patientId: f.patientA.id, actorId: f.users.specialist.id } })).toBe(before + 1);
    // A chair of another board: the patient is not theirs (refused as not found, by the guard).
    await expect((await f.callerFor("outsiderChair")).expertOpinion.layers({ patientId: f.patientA.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("lets the expert remove what they kept while the link is open, audited; refuses another link's expert, a board member and a withdrawn link", async () => {
    const f = fixture();
    const meyer = await openShare("Dr Remove", "remove@elsewhere.example");
    const other = await openShare("Dr Else", "else@elsewhere.example");
    const first = await keepExpertAnnotation(f.db, meyer.session, meyer.token, length());
    const second = await keepExpertAnnotation(f.db, meyer.session, meyer.token, { ...length(), label: "second" });
    if (!first.ok || !second.ok) throw new Error("not kept");

    // Another link's expert: neither with their own session on this link, nor on their own link (not their annotation).
    expect(await deleteExpertAnnotation(f.db, other.session, meyer.token, first.annotation.id)).toEqual({ ok: false, message: REFUSALS.sessionEnded });
    expect(await deleteExpertAnnotation(f.db, other.session, other.token, first.annotation.id)).toEqual({ ok: false, message: NO_SUCH_ANNOTATION });
    expect(await f.db.auditEvent.count({ where: { action: "expert-annotation.delete.denied", entityId: first.annotation.id, actorEmail: "else@elsewhere.example" } })).toBe(1);
    // A board member has no expert session, and no procedure of the board removes an expert's annotation.
    expect(await deleteExpertAnnotation(f.db, null, meyer.token, first.annotation.id)).toEqual({ ok: false, message: REFUSALS.sessionEnded });
    expect(await listExpertAnnotations(f.db, meyer.shareId)).toHaveLength(2);

    expect(await deleteExpertAnnotation(f.db, meyer.session, meyer.token, second.annotation.id)).toEqual({ ok: true });
    expect((await listExpertAnnotations(f.db, meyer.shareId)).map((a) => a.id)).toEqual([first.annotation.id]);
    expect(await f.db.auditEvent.count({ where: { action: "expert-annotation.delete", entityId: second.annotation.id, actorEmail: "remove@elsewhere.example", ground: "EXPERT_SHARE", patientId: f.patientA.id } })).toBe(1);
    const board = await (await f.callerFor("chair")).expertOpinion.forCase({ caseId: f.caseA.id });
    expect(board.shares.find((s) => s.id === meyer.shareId)!.annotations.map((a) => a.id)).toEqual([first.annotation.id]);

    await (await f.callerFor("chair")).expertOpinion.revoke({ caseId: f.caseA.id, shareId: meyer.shareId });
    expect(await deleteExpertAnnotation(f.db, meyer.session, meyer.token, first.annotation.id)).toEqual({ ok: false, message: REFUSALS.sessionEnded });
    expect(await listExpertAnnotations(f.db, meyer.shareId)).toHaveLength(1);
  });
});
