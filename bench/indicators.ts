// Quality indicators of a board with 100,000 signed decisions (rows made by generate_series in SQL), and the added
// cost of similar past cases on the case page. In process, through the services the routers call.
import type { PrismaClient } from "@/generated/prisma/client";
import { loadSessionUser } from "@/server/services/auth/load-session-user";
import { boardIndicators } from "@/server/services/indicators/board-indicators";
import { similarCases } from "@/server/services/similar-cases/similar-cases";
import { percentile } from "./http";

/** A board "bench-quality" with `count` cases, each discussed once, signed, treated and followed up. */
export async function addBoardWithDecisions(db: PrismaClient, count: number): Promise<string> {
  const chair = await db.user.findUniqueOrThrow({ where: { email: "chair@concilium.test" } });
  const board = await db.board.create({ data: { slug: "bench-quality", name: "Bench quality board", tumourSite: "thoracic", quorumSpecialties: ["RADIOLOGY"] } });
  await db.boardMembership.create({ data: { boardId: board.id, userId: chair.id } });
  const meetings = Math.ceil(count / 50);
  // Four years of weekly-ish meetings, 50 cases each; every date in the past.
  await db.$executeRawUnsafe(`INSERT INTO "Meeting" (id, "boardId", "startsAt", status)
    SELECT 'bm-' || g, $1, now() - make_interval(days => 30 + (g * 1400 / $2)), 'FINISHED' FROM generate_series(1, $2) g`, board.id, meetings);
  await db.$executeRawUnsafe(`INSERT INTO "Patient" (id, mrn, "familyName", "givenName", "birthDate", sex, "researchPseudonym")
    SELECT 'bp-' || g, 'BENCH-' || g, 'Bench', 'P' || g, date '1950-01-01' + (g % 9000), CASE WHEN g % 2 = 0 THEN 'FEMALE'::"Sex" ELSE 'MALE'::"Sex" END, 'CON-BENCH-' || g FROM generate_series(1, $1) g`, count);
  // Lung tumours, so that the thoracic case page's similar cases compare with all of them.
  await db.$executeRawUnsafe(`INSERT INTO "CancerCondition" (id, "patientId", "topographyCode", "topographyDisplay", "morphologyCode", "morphologyDisplay")
    SELECT 'bn-' || g, 'bp-' || g, (ARRAY['C34.1', 'C34.3', 'C34.9'])[1 + g % 3], 'Lung', '8140/3', 'Adenocarcinoma, NOS' FROM generate_series(1, $1) g`, count);
  await db.$executeRawUnsafe(`INSERT INTO "Case" (id, "patientId", "boardId", "conditionId", "questionType", "clinicalQuestion", "referringUserId", status, "createdAt", "updatedAt")
    SELECT 'bc-' || g, 'bp-' || g, $1, 'bn-' || g, 'PRIMARY_TREATMENT', 'Bench', $2, 'CLOSED', m."startsAt" - make_interval(days => 3 + g % 20), m."startsAt"
    FROM generate_series(1, $3) g JOIN "Meeting" m ON m.id = 'bm-' || (1 + (g - 1) / 50)`, board.id, chair.id, count);
  await db.$executeRawUnsafe(`INSERT INTO "AgendaItem" (id, "meetingId", "caseId", position, status, "discussedAt", "secondsSpent", "minutesBudget")
    SELECT 'ba-' || g, 'bm-' || (1 + (g - 1) / 50), 'bc-' || g, 1 + (g - 1) % 50, 'DISCUSSED', m."startsAt", (g % 7) * 60, 5
    FROM generate_series(1, $1) g JOIN "Meeting" m ON m.id = 'bm-' || (1 + (g - 1) / 50)`, count);
  // Every stage group, three histologies, ECOG 0-4 and EGFR results, as a thoracic board's history would hold.
  await db.$executeRawUnsafe(`INSERT INTO "Decision" (id, "caseId", "meetingId", status, "stageGroup", histology, ecog, biomarkers, intent, recommendation, "recordedById", "signedById", "signedAt", "updatedAt", "guidelineConcordant", "guidelineDeviationReason", quorate)
    SELECT 'bd-' || g, 'bc-' || g, 'bm-' || (1 + (g - 1) / 50), 'SIGNED', (ARRAY['IA1', 'IA2', 'IB', 'IIA', 'IIB', 'IIIA', 'IIIB', 'IIIC', 'IVA', 'IVB'])[1 + g % 10],
      (ARRAY['Adenocarcinoma', 'Squamous cell carcinoma', 'Small cell carcinoma'])[1 + g / 10 % 3], g % 5,
      jsonb_build_array(jsonb_build_object('marker', 'EGFR', 'value', (ARRAY['Exon 19 deletion', 'L858R', 'Wild type', 'Not tested'])[1 + g / 30 % 4])),
      'CURATIVE', 'Bench', $1, $1, m."startsAt", m."startsAt", g % 10 <> 0, CASE WHEN g % 10 = 0 THEN 'Frailty' END, g % 13 <> 0
    FROM generate_series(1, $2) g JOIN "Meeting" m ON m.id = 'bm-' || (1 + (g - 1) / 50)`, chair.id, count);
  await db.$executeRawUnsafe(`INSERT INTO "Outcome" (id, "lineageId", "patientId", "caseId", "decisionId", kind, treatment, "followedRecommendation", "occurredOn", "recordedById")
    SELECT 'bo-' || g, 'bo-' || g, 'bp-' || g, 'bc-' || g, 'bd-' || g, 'TREATMENT', 'SURGERY', g % 8 <> 0, (m."startsAt" + make_interval(days => 10 + g % 30))::date, $1
    FROM generate_series(1, $2) g JOIN "Meeting" m ON m.id = 'bm-' || (1 + (g - 1) / 50)`, chair.id, count);
  await db.$executeRawUnsafe(`INSERT INTO "Outcome" (id, "lineageId", "patientId", "caseId", "decisionId", kind, "occurredOn", "recordedById")
    SELECT 'bv-' || g, 'bv-' || g, 'bp-' || g, 'bc-' || g, 'bd-' || g, CASE WHEN g % 3 = 0 THEN 'DEATH'::"OutcomeKind" ELSE 'ALIVE'::"OutcomeKind" END, least(now()::date - 1, (m."startsAt" + make_interval(days => 100 + g % 900))::date), $1
    FROM generate_series(1, $2) g JOIN "Meeting" m ON m.id = 'bm-' || (1 + (g - 1) / 50)`, chair.id, count);
  await db.$executeRawUnsafe(`ANALYZE`);
  return board.id;
}

export async function measureIndicators(db: PrismaClient, boardId: string, runs = 20) {
  const chair = (await loadSessionUser(db, (await db.user.findUniqueOrThrow({ where: { email: "chair@concilium.test" } })).id))!;
  const times: number[] = [];
  let cases = 0;
  for (let i = 0; i < runs + 2; i++) {
    const started = performance.now();
    const result = await boardIndicators(db, chair, boardId);
    if (i >= 2) times.push(performance.now() - started);
    cases = result.quarters.reduce((s, q) => s + q.casesDiscussed, 0);
  }
  return { median: percentile(times, 50), p95: percentile(times, 95), cases };
}

/**
 * Similar cases of a demo thoracic case (1CT1), measured after addBoardWithDecisions so that the site's history holds
 * its 100,000 lung decisions: the first call (cold plans and pages), then `runs` more. `compared`: candidates ranked.
 */
export async function measureSimilarCases(db: PrismaClient, runs = 20) {
  const chair = (await loadSessionUser(db, (await db.user.findUniqueOrThrow({ where: { email: "chair@concilium.test" } })).id))!;
  const kase = await db.case.findFirstOrThrow({ where: { patient: { mrn: "1CT1" } } });
  const first = performance.now();
  const { compared } = await similarCases(db, chair, kase.id);
  const firstMs = performance.now() - first;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await similarCases(db, chair, kase.id);
    times.push(performance.now() - started);
  }
  return { firstMs, median: percentile(times, 50), p95: percentile(times, 95), compared };
}
