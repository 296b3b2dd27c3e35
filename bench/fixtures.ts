import type { PrismaClient } from "@/generated/prisma/client";

/** Where the bench's own meetings take place: how the bench tells them from the demo meetings, whatever the weekday. */
export const BENCH_ROOM = "Benchmark room";

/** A meeting on the thoracic board with `size` synthetic cases, each with a condition and a draft decision. */
export async function addAgendaOfSize(db: PrismaClient, size: number): Promise<string> {
  const board = await db.board.findUniqueOrThrow({ where: { slug: "thoracic" } });
  const referrer = await db.user.findUniqueOrThrow({ where: { email: "oncologist@concilium.test" } });
  const meeting = await db.meeting.create({
    data: { boardId: board.id, startsAt: new Date(Date.now() + 3 * 86_400_000), durationMinutes: size * 4, location: `${BENCH_ROOM} (${size})` },
  });
  for (let i = 0; i < size; i++) {
    const patient = await db.patient.create({
      data: {
        mrn: `BENCH-${size}-${i}`,
        familyName: `Bench${i}`,
        givenName: "Patient",
        birthDate: new Date(Date.UTC(1950 + (i % 30), i % 12, 1 + (i % 28))),
        sex: i % 2 ? "FEMALE" : "MALE",
        researchPseudonym: `CON-BENCH-${size}-${i}`,
        conditions: { create: { topographyCode: "C34.1", topographyDisplay: "Upper lobe, lung", morphologyCode: "8140/3", morphologyDisplay: "Adenocarcinoma, NOS" } },
      },
      include: { conditions: true },
    });
    const kase = await db.case.create({
      data: { patientId: patient.id, boardId: board.id, conditionId: patient.conditions[0]!.id, questionType: "PRIMARY_TREATMENT", clinicalQuestion: "Treatment plan?", referringUserId: referrer.id, status: "SCHEDULED" },
    });
    await db.agendaItem.create({ data: { meetingId: meeting.id, caseId: kase.id, position: i + 1, minutesBudget: 4 } });
    if (i % 2 === 0) await db.decision.create({ data: { caseId: kase.id, meetingId: meeting.id, intent: "CURATIVE", recommendation: "Surgery", recordedById: referrer.id } });
  }
  return meeting.id;
}

/** A thoracic case whose patient has 10 studies, 4 slides and 30 findings: the case page benchmark's load. */
export async function addRichCase(db: PrismaClient): Promise<string> {
  const board = await db.board.findUniqueOrThrow({ where: { slug: "thoracic" } });
  const referrer = await db.user.findUniqueOrThrow({ where: { email: "oncologist@concilium.test" } });
  const patient = await db.patient.create({
    data: { mrn: "BENCH-RICH", familyName: "Bench", givenName: "Rich", birthDate: new Date("1955-05-05T00:00:00Z"), sex: "FEMALE", researchPseudonym: "CON-BENCH-RICH" },
  });
  const studies: { id: string }[] = [];
  for (let i = 0; i < 10; i++) {
    studies.push(
      await db.imagingStudy.create({
        data: { patientId: patient.id, studyInstanceUid: `2.25.9${i}1234567`, modality: i % 3 ? "CT" : "PT", studyDate: new Date(Date.UTC(2025, i, 3)), description: `Staging ${i}`, numberOfSeries: 3, numberOfInstances: 300 },
      }),
    );
  }
  const slides: { id: string }[] = [];
  for (let i = 0; i < 4; i++) {
    slides.push(
      await db.slide.create({
        data: { patientId: patient.id, label: `Block A${i + 1}`, specimen: "Lobectomy", stain: i ? "IHC" : "H&E", format: "APERIO_SVS", widthPx: 40000, heightPx: 30000, micronsPerPixel: 0.25, acquiredAt: new Date(Date.UTC(2025, 6, i + 1)) },
      }),
    );
  }
  await db.finding.createMany({
    data: Array.from({ length: 30 }, (_, i) => ({
      patientId: patient.id,
      source: i % 2 ? ("AI" as const) : ("PERSON" as const),
      algorithmName: i % 2 ? "NoduleNet" : null,
      algorithmVersion: i % 2 ? "2.1" : null,
      kind: "Lung nodule",
      description: `Nodule ${i + 1}`,
      measurements: [{ name: "Long axis", value: 5 + i, unit: "mm" }],
      imagingStudyId: i < 24 ? studies[i % 10]!.id : null,
      slideId: i >= 24 ? slides[i % 4]!.id : null,
      observedAt: new Date(Date.UTC(2025, i % 12, 10)),
    })),
  });
  const kase = await db.case.create({
    data: { patientId: patient.id, boardId: board.id, questionType: "PRIMARY_TREATMENT", clinicalQuestion: "Treatment plan?", referringUserId: referrer.id },
  });
  return kase.id;
}

/**
 * Readiness facts for every case of a meeting, so the agenda benchmark exercises each readiness rule: a chest CT
 * (stale for every fifth case), a slide for three in four, a pending AI finding for every eighth, ECOG for two in three, and an open
 * readiness request for every fifth. Bulk inserts: preparing 40 cases takes a handful of statements.
 */
export async function addReadinessFacts(db: PrismaClient, meetingId: string): Promise<void> {
  const items = await db.agendaItem.findMany({ where: { meetingId }, select: { caseId: true, case: { select: { patientId: true } } } });
  const day = 86_400_000;
  await db.imagingStudy.createMany({
    data: items.map((item, i) => ({
      patientId: item.case.patientId,
      studyInstanceUid: `2.25.8${Date.now() % 1_000_000}${i}${Math.floor(Math.random() * 1e6)}`,
      modality: "CT",
      description: "CT chest with contrast",
      studyDate: new Date(Date.now() - (i % 5 === 0 ? 90 : 10) * day),
    })),
  });
  await db.slide.createMany({
    data: items.filter((_, i) => i % 4 !== 3).map((item) => ({ patientId: item.case.patientId, label: "Block A1", specimen: "Biopsy", stain: "H&E", format: "APERIO_SVS" as const, widthPx: 1000, heightPx: 1000, acquiredAt: new Date(Date.now() - 20 * day) })),
  });
  await db.finding.createMany({
    data: items.filter((_, i) => i % 8 === 0).map((item) => ({ patientId: item.case.patientId, source: "AI" as const, algorithmName: "NoduleNet", kind: "Lung nodule", description: "6 mm", observedAt: new Date() })),
  });
  await db.case.updateMany({ where: { id: { in: items.filter((_, i) => i % 3 !== 2).map((i) => i.caseId) } }, data: { ecog: 1, ecogRecordedAt: new Date(Date.now() - 3 * day) } });
  await db.followUpTask.createMany({
    data: items.filter((_, i) => i % 5 === 0).map((item) => ({ caseId: item.caseId, kind: "READINESS_REQUEST" as const, title: "Needed before the board: Pathology", readinessKey: "pathology", ownerSpecialty: "PATHOLOGY" as const })),
  });
}
