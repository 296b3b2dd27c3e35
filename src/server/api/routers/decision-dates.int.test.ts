/**
 * Dates and signatures that tell the truth: presenting on another day moves the meeting (after confirmation) and
 * the documents give the day the case was discussed; signing without quorum needs a reason, and the signing chair
 * counts as present; the FHIR export says which version is in force.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { EMPTY_DECISION, type DecisionContent } from "@/domain/decisions/content";
import { sameDay } from "@/domain/meetings/meeting-day";
import { conditionsWithSeveralActivePlans, validateMcodeBundle } from "@/integrations/fhir/validate-mcode";
import { formatDate } from "@/integrations/pdf/format";
import { pdfText } from "@/integrations/pdf/read-pdf-text";
import { exportDecisionFhir } from "@/server/services/documents/fhir-export";
import { letterPdf } from "@/server/services/documents/letters";
import { meetingMinutesPdf } from "@/server/services/documents/meeting-documents";
import { type Fixture, setUpFixture } from "../../testing/fixture";

const fixture = setUpFixture();
let f: Fixture;
let plannedFor: Date;
beforeAll(() => {
  f = fixture();
  plannedFor = f.meetingA.startsAt;
});

const complete: DecisionContent = {
  ...EMPTY_DECISION,
  tnmPrefix: "c",
  tCategory: "T2a",
  nCategory: "N2",
  mCategory: "M0",
  stageGroup: "IIIA",
  histology: "Adenocarcinoma, acinar predominant",
  grade: "G2",
  intent: "CURATIVE",
  modalities: ["CHEMORADIATION"],
  recommendation: "Concurrent chemoradiation followed by durvalumab.",
  rationale: "Unresectable N2 disease.",
};
const flat = (bytes: Uint8Array) => pdfText(bytes).replace(/\s+/g, " ");
const actor = () => ({ id: f.users.coordinator.id, email: f.users.coordinator.email });
const dayWords = (d: Date) => new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", year: "numeric" }).format(d);

describe("presenting on another day than planned", () => {
  it("asks first, naming both days, and changes nothing until the chair confirms", async () => {
    const chair = await f.callerFor("chair");
    const refusal = chair.live.start({ meetingId: f.meetingA.id });
    await expect(refusal).rejects.toMatchObject({ code: "CONFLICT" });
    const message = (await refusal.catch((e: Error) => e.message)) as string;
    expect(message).toContain(`planned for ${dayWords(plannedFor)}`);
    expect(message).toContain(`today, ${dayWords(new Date())}`);
    expect(await f.db.meeting.findUniqueOrThrow({ where: { id: f.meetingA.id } })).toMatchObject({ status: "PLANNED", startedAt: null, startsAt: plannedFor });
  });

  it("confirmed, moves the meeting to today and starts it", async () => {
    const chair = await f.callerFor("chair");
    await chair.live.start({ meetingId: f.meetingA.id, moveToToday: true });
    const meeting = await f.db.meeting.findUniqueOrThrow({ where: { id: f.meetingA.id } });
    expect(meeting.status).toBe("IN_PROGRESS");
    expect(sameDay(meeting.startsAt, new Date())).toBe(true);
    expect(meeting.startedAt).toBeInstanceOf(Date);
    const audit = await f.db.auditEvent.findFirstOrThrow({ where: { action: "meeting.reschedule", entityId: f.meetingA.id } });
    expect(audit).toMatchObject({ actorId: f.users.chair.id, reason: "Presented on another day than planned" });
    // Started: presenting again needs no question.
    await chair.live.stop({ meetingId: f.meetingA.id });
    await expect(chair.live.start({ meetingId: f.meetingA.id })).resolves.toMatchObject({ presenter: { id: f.users.chair.id } });
  });

  it("records the day a case is discussed when it is shown to the room", async () => {
    const chair = await f.callerFor("chair");
    const item = await f.db.agendaItem.findFirstOrThrow({ where: { meetingId: f.meetingA.id, caseId: f.caseA.id } });
    expect(item.discussedAt).toBeNull();
    await chair.live.publish({ meetingId: f.meetingA.id, view: { caseId: f.caseA.id, agendaItemId: item.id, viewer: "summary" } });
    const after = await f.db.agendaItem.findUniqueOrThrow({ where: { id: item.id } });
    expect(sameDay(after.discussedAt!, new Date())).toBe(true);
  });
});

describe("signing without quorum", () => {
  it("is refused without a reason, naming what is missing; nothing is recorded", async () => {
    await (await f.callerFor("coordinator")).decision.save({ caseId: f.caseA.id, meetingId: f.meetingA.id, decisionId: f.draftA.id, expectedRevision: 0, content: complete });
    const chair = await f.callerFor("chair");
    // Board A's quorum: radiology and pathology; nobody is recorded as attending.
    await expect(chair.decision.sign({ decisionId: f.draftA.id })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "The quorum is not met: Radiology, Pathology are not recorded as attending. To sign anyway, say why.",
    });
    await expect(chair.decision.sign({ decisionId: f.draftA.id, withoutQuorumReason: "  " })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await f.db.decision.findUniqueOrThrow({ where: { id: f.draftA.id } })).toMatchObject({ status: "DRAFT", signedAt: null });
    expect(await f.db.attendance.count({ where: { meetingId: f.meetingA.id } })).toBe(0);
  });

  it("with a reason, signs; the reason stays on the decision, in its history, the audit and the minutes; the chair is counted present", async () => {
    const chair = await f.callerFor("chair");
    const reason = "Urgent: the patient starts treatment before the next board.";
    await expect(chair.decision.sign({ decisionId: f.draftA.id, withoutQuorumReason: reason })).resolves.toMatchObject({ status: "SIGNED" });
    const signed = await f.db.decision.findUniqueOrThrow({ where: { id: f.draftA.id } });
    expect(signed).toMatchObject({ quorate: false, quorumMissing: ["RADIOLOGY", "PATHOLOGY"], quorumOverrideReason: reason });
    // The last save is the signature: nothing after it.
    expect(signed.updatedAt.getTime()).toBe(signed.signedAt!.getTime());
    expect(await f.db.attendance.findUniqueOrThrow({ where: { meetingId_userId: { meetingId: f.meetingA.id, userId: f.users.chair.id } } })).toMatchObject({ mode: "IN_ROOM", recordedById: f.users.chair.id });
    const ws = await chair.decision.workspace({ caseId: f.caseA.id });
    expect(ws.versions[0]).toMatchObject({ id: f.draftA.id, quorumOverrideReason: reason });
    expect(await f.db.auditEvent.count({ where: { action: "decision.sign", entityId: f.draftA.id, reason } })).toBe(1);
    const minutes = flat((await meetingMinutesPdf(f.db, actor(), f.meetingA.id)).bytes);
    expect(minutes).toContain(`Signed anyway Without quorum, because: ${reason}`);
  });

  it("counts the signing chair towards the quorum: quorate without a question once the others attend", async () => {
    const coordinator = await f.callerFor("coordinator");
    const v2 = await coordinator.decision.correct({ decisionId: f.draftA.id, reason: "N category was N1 on the PET-CT report" });
    await coordinator.decision.save({ caseId: f.caseA.id, meetingId: f.meetingA.id, decisionId: v2.id, expectedRevision: 1, content: { ...complete, nCategory: "N1", stageGroup: "IIB" } });
    // The chair is a pathologist here; only the radiologist is ticked as attending.
    await f.db.user.update({ where: { id: f.users.chair.id }, data: { specialty: "PATHOLOGY" } });
    await f.db.attendance.deleteMany({ where: { meetingId: f.meetingA.id, userId: f.users.chair.id } });
    await f.db.attendance.create({ data: { meetingId: f.meetingA.id, userId: f.users.specialist.id, specialty: "RADIOLOGY" } });
    await expect((await f.callerFor("chair")).decision.sign({ decisionId: v2.id })).resolves.toMatchObject({ status: "SIGNED", version: 2 });
    expect(await f.db.decision.findUniqueOrThrow({ where: { id: v2.id } })).toMatchObject({ quorate: true, quorumMissing: [], quorumOverrideReason: null });
    await f.db.user.update({ where: { id: f.users.chair.id }, data: { specialty: null } });
  });
});

describe("documents give the day the case was discussed", () => {
  it("the letter and the outcomes give the day of discussion, not the planned day", async () => {
    await f.db.case.update({ where: { id: f.caseA.id }, data: { referringPhysicianName: "Dr Referrer", referringPhysicianAddress: "Clinic Road 1" } });
    const { discussedAt } = await f.db.agendaItem.findFirstOrThrow({ where: { meetingId: f.meetingA.id, caseId: f.caseA.id } });
    const letter = flat((await letterPdf(f.db, actor(), { decisionId: f.draftA.id, recipient: "referrer" })).bytes);
    expect(letter).toContain(`discussed at the Board A on ${formatDate(discussedAt!)}`);
    expect(letter).not.toContain(formatDate(plannedFor));

    const rows = (await (await f.callerFor("coordinator")).outcome.list()).rows;
    expect(rows.find((r) => r.caseId === f.caseA.id)?.decision.decidedAt).toEqual(discussedAt);
  });
});

describe("FHIR export of every version", () => {
  it("revokes the superseded plan, marks a draft preliminary, keeps one plan in force and carries the histology", async () => {
    const v3 = await (await f.callerFor("coordinator")).decision.correct({ decisionId: (await f.db.decision.findFirstOrThrow({ where: { caseId: f.caseA.id, version: 2 } })).id, reason: "Grade was G3" });
    const versions = await f.db.decision.findMany({ where: { caseId: f.caseA.id }, orderBy: { version: "asc" } });
    const bundles = await Promise.all(versions.map(async (d) => (await exportDecisionFhir(f.db, actor(), d.id)).bundle));
    const statusOf = (i: number, type: string) => [...new Set(bundles[i]!.entry.filter((e) => e.resource.resourceType === type).map((e) => e.resource.status))];

    expect(versions.map((d) => [d.version, d.status])).toEqual([[1, "SIGNED"], [2, "SIGNED"], [3, "DRAFT"]]);
    expect(versions[2]!.id).toBe(v3.id);
    expect([statusOf(0, "CarePlan"), statusOf(0, "Observation")]).toEqual([["revoked"], ["entered-in-error"]]);
    expect([statusOf(1, "CarePlan"), statusOf(1, "Observation")]).toEqual([["active"], ["final"]]);
    expect([statusOf(2, "CarePlan"), statusOf(2, "Observation")]).toEqual([["draft"], ["preliminary"]]);
    expect(conditionsWithSeveralActivePlans(bundles)).toEqual([]);
    for (const bundle of bundles) expect(validateMcodeBundle(bundle)).toEqual({ valid: true, issues: [] });

    const condition = bundles[1]!.entry.find((e) => e.resource.resourceType === "Condition")!.resource as unknown as { extension: { url: string; valueCodeableConcept: { text: string } }[] };
    expect(condition.extension.find((e) => e.url.endsWith("mcode-histology-morphology-behavior"))?.valueCodeableConcept.text).toBe("Adenocarcinoma, acinar predominant, grade G2");
  });
});
