import type { PrismaClient } from "@/generated/prisma/client";

/** A meeting on the thoracic board with `size` synthetic cases, each with a condition and a draft decision. */
export async function addAgendaOfSize(db: PrismaClient, size: number): Promise<string> {
  const board = await db.board.findUniqueOrThrow({ where: { slug: "thoracic" } });
  const referrer = await db.user.findUniqueOrThrow({ where: { email: "oncologist@concilium.test" } });
  const meeting = await db.meeting.create({
    data: { boardId: board.id, startsAt: new Date(Date.now() + 3 * 86_400_000), durationMinutes: size * 4, location: `Benchmark room (${size})` },
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
