import { describe, expect, it } from "vitest";
import { emptyQuarter } from "@/domain/indicators/indicators";
import { loadSessionUser } from "../auth/load-session-user";
import { setUpFixture } from "../../testing/fixture";
import { createCaller } from "../../api/root";
import { createInnerContext } from "../../api/trpc";
import { boardIndicators } from "./board-indicators";

const fixture = setUpFixture();
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const at = (iso: string) => new Date(iso);

/**
 * Three cases of board A with known figures:
 * 1. referred 10 days before its discussion (2025-02-04), concordant, quorate, surgery 20 days later as recommended, alive recently; 10 minutes spent of 5;
 * 2. referred 6 days before, discussed twice, not concordant ("Frailty"), without quorum, radiotherapy started before the board met (not as recommended: fitness), died;
 * 3. referred 16 days before its discussion (2025-05-06), concordance not stated, systemic therapy 10 days later as recommended, last seen over 6 months ago; 4 minutes of 10.
 */
async function seedKnownCases() {
  const f = fixture();
  const db = f.db;
  const mkMeeting = (startsAt: string) => db.meeting.create({ data: { boardId: f.boardA.id, startsAt: at(startsAt), status: "FINISHED" } });
  const [m1, m2, m3] = [await mkMeeting("2025-02-04T08:00:00Z"), await mkMeeting("2025-02-18T08:00:00Z"), await mkMeeting("2025-05-06T08:00:00Z")];
  const mkCase = async (mrn: string, referred: string) => {
    const patient = await db.patient.create({ data: { mrn, familyName: "Known", givenName: mrn, birthDate: day("1955-05-05"), sex: "MALE", researchPseudonym: `CON-${mrn}` } });
    const kase = await db.case.create({ data: { patientId: patient.id, boardId: f.boardA.id, questionType: "PRIMARY_TREATMENT", clinicalQuestion: "?", referringUserId: f.users.specialist.id, createdAt: at(referred), status: "CLOSED" } });
    return { patientId: patient.id, caseId: kase.id };
  };
  const c1 = await mkCase("K-1", "2025-01-25T09:00:00Z");
  const c2 = await mkCase("K-2", "2025-01-29T09:00:00Z");
  const c3 = await mkCase("K-3", "2025-04-20T09:00:00Z");
  await db.agendaItem.createMany({
    data: [
      { meetingId: m1.id, caseId: c1.caseId, position: 1, status: "DISCUSSED", discussedAt: at("2025-02-04T08:00:00Z"), minutesBudget: 5, secondsSpent: 600 },
      { meetingId: m1.id, caseId: c2.caseId, position: 2, status: "DISCUSSED", discussedAt: at("2025-02-04T08:10:00Z"), minutesBudget: 5 },
      { meetingId: m2.id, caseId: c2.caseId, position: 1, status: "DISCUSSED", discussedAt: at("2025-02-18T08:00:00Z"), minutesBudget: 5 },
      { meetingId: m3.id, caseId: c3.caseId, position: 1, status: "DISCUSSED", discussedAt: at("2025-05-06T08:00:00Z"), minutesBudget: 10, secondsSpent: 240 },
    ],
  });
  const sign = (caseId: string, meetingId: string, signedAt: string, extra: { guidelineConcordant: boolean | null; guidelineDeviationReason?: string; quorate: boolean }) =>
    db.decision.create({ data: { caseId, meetingId, status: "SIGNED", intent: "CURATIVE", recommendation: "As discussed", recordedById: f.users.coordinator.id, signedById: f.users.chair.id, signedAt: at(signedAt), createdAt: at(signedAt), ...extra } });
  const d1 = await sign(c1.caseId, m1.id, "2025-02-04T08:05:00Z", { guidelineConcordant: true, quorate: true });
  const d2 = await sign(c2.caseId, m2.id, "2025-02-18T08:05:00Z", { guidelineConcordant: false, guidelineDeviationReason: "Frailty", quorate: false });
  const d3 = await sign(c3.caseId, m3.id, "2025-05-06T08:05:00Z", { guidelineConcordant: null, quorate: true });
  let n = 0;
  const outcome = (c: { patientId: string; caseId: string }, decisionId: string | null, data: Record<string, unknown>) => {
    const id = `known-outcome-${++n}`;
    return db.outcome.create({ data: { id, lineageId: id, patientId: c.patientId, caseId: c.caseId, decisionId, recordedById: f.users.coordinator.id, kind: "ALIVE", occurredOn: day("2025-01-01"), ...data } });
  };
  await outcome(c1, d1.id, { kind: "TREATMENT", treatment: "SURGERY", occurredOn: day("2025-02-24"), followedRecommendation: true });
  await outcome(c1, d1.id, { kind: "ALIVE", occurredOn: day("2025-10-01") });
  await outcome(c2, null, { kind: "TREATMENT", treatment: "RADIOTHERAPY", occurredOn: day("2025-01-30"), followedRecommendation: false, deviationReason: "FITNESS" });
  await outcome(c2, d2.id, { kind: "DEATH", occurredOn: day("2025-04-01"), causeOfDeath: "CANCER" });
  await outcome(c3, d3.id, { kind: "TREATMENT", treatment: "SYSTEMIC_THERAPY", occurredOn: day("2025-05-16"), followedRecommendation: true });
  await outcome(c3, d3.id, { kind: "ALIVE", occurredOn: day("2025-05-20") });
  // A superseded outcome counts for nothing: this death was corrected away.
  const wrong = await outcome(c1, d1.id, { kind: "DEATH", occurredOn: day("2025-03-01") });
  const fixed = await outcome(c1, d1.id, { kind: "ALIVE", occurredOn: day("2025-03-01"), lineageId: wrong.id, version: 2 });
  await db.outcome.update({ where: { id: wrong.id }, data: { supersededById: fixed.id } });
}

describe("quality indicators of a board, computed in SQL", () => {
  it("gives the exact totals of a small known board per quarter, with the reasons for departures", async () => {
    await seedKnownCases();
    const f = fixture();
    const chair = (await loadSessionUser(f.db, f.users.chair.id))!;
    const result = await boardIndicators(f.db, chair, f.boardA.id, { from: "2024-Q4", to: "2025-Q3", now: at("2025-12-01T12:00:00Z") });
    expect(result.quarters.map((q) => q.quarter)).toEqual(["2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3"]);
    expect(result.quarters[0]).toEqual(emptyQuarter("2024-Q4"));
    expect(result.quarters[1]).toEqual({
      quarter: "2025-Q1",
      casesDiscussed: 2,
      medianDaysReferralToDiscussion: 8,
      medianDaysDiscussionToTreatment: 20,
      treated: 2,
      discussedBeforeTreatment: 1,
      guidelineStated: 2,
      guidelineConcordant: 1,
      followedStated: 2,
      followed: 1,
      signed: 2,
      signedWithQuorum: 1,
      rediscussed: 1,
      timedCases: 1,
      meanMinutesSpent: 10,
      meanMinutesBudget: 5,
      alive: 1,
      aliveWithRecentStatus: 1,
    });
    expect(result.quarters[2]).toMatchObject({
      quarter: "2025-Q2",
      casesDiscussed: 1,
      medianDaysReferralToDiscussion: 16,
      medianDaysDiscussionToTreatment: 10,
      treated: 1,
      discussedBeforeTreatment: 1,
      guidelineStated: 0,
      signed: 1,
      signedWithQuorum: 1,
      rediscussed: 0,
      meanMinutesSpent: 4,
      meanMinutesBudget: 10,
      alive: 1,
      aliveWithRecentStatus: 0,
    });
    expect(result.guidelineDeviations).toEqual([{ quarter: "2025-Q1", reason: "Frailty", count: 1 }]);
    expect(result.treatmentDeviations).toEqual([{ quarter: "2025-Q1", reason: "FITNESS", count: 1 }]);
    const audit = await f.db.auditEvent.findFirst({ where: { action: "indicators.read", actorId: chair.id }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ entityType: "Board", entityId: f.boardA.id });
  });

  it("lets a researcher of the board see them, and refuses a researcher of another board", async () => {
    const f = fixture();
    const mk = (email: string, boardId: string) => f.db.user.create({ data: { email, name: email, role: "RESEARCHER", passwordHash: "x", memberships: { create: [{ boardId }] } } });
    const [mine, other] = [await mk("researcher-a@test.example", f.boardA.id), await mk("researcher-b@test.example", f.boardB.id)];
    const caller = async (id: string) => createCaller(createInnerContext({ db: f.db, user: await loadSessionUser(f.db, id) }));
    const seen = await (await caller(mine.id)).indicators.board({ boardId: f.boardA.id, from: "2025-Q1", to: "2025-Q2" });
    expect(seen.quarters.map((q) => q.casesDiscussed)).toEqual([2, 1]);
    await expect((await caller(other.id)).indicators.board({ boardId: f.boardA.id })).rejects.toThrow();
  });

  it("refuses a range that ends before it starts, in words", async () => {
    const f = fixture();
    await expect((await f.callerFor("chair")).indicators.board({ boardId: f.boardA.id, from: "2025-Q3", to: "2025-Q1" })).rejects.toThrow(/first quarter comes before the last/);
  });
});
