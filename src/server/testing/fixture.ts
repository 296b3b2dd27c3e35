import { afterAll, beforeAll } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import type { RoleName } from "@/domain/roles";
import { createCaller } from "../api/root";
import { createInnerContext } from "../api/trpc";
import { loadSessionUser } from "../services/auth/load-session-user";
import type { Database } from "../database/open-database";
import { hashPassword } from "../services/auth/verify-credentials";
import { createTestDatabase } from "./test-database";

export const FIXTURE_PASSWORD = "correct horse battery";

/** Who the tests act as: every role on board A (a researcher too), a chair of board B only, and nobody at all. */
export const ACTORS = ["admin", "chair", "specialist", "coordinator", "researcher", "outsiderChair", "anonymous"] as const;
export type ActorKey = (typeof ACTORS)[number];

/**
 * Two boards; board A has a lung cancer case on an upcoming meeting with a draft decision, board B has its own
 * case. Callers go through the real router and guard, as the HTTP handler does.
 */
export async function createFixture(db: PrismaClient) {
  const [boardA, boardB] = await Promise.all([
    db.board.create({ data: { slug: "a", name: "Board A", tumourSite: "thoracic", quorumSpecialties: ["RADIOLOGY", "PATHOLOGY"] } }),
    db.board.create({ data: { slug: "b", name: "Board B", tumourSite: "breast", quorumSpecialties: [] } }),
  ]);
  const passwordHash = await hashPassword(FIXTURE_PASSWORD);
  const mkUser = (email: string, role: RoleName, boards: string[], specialty: "RADIOLOGY" | null = null) =>
    db.user.create({ data: { email, name: email.split("@")[0]!, role, specialty, passwordHash, memberships: { create: boards.map((boardId) => ({ boardId })) } } });
  const users = {
    admin: await mkUser("admin@test.example", "ADMIN", []),
    chair: await mkUser("chair@test.example", "CHAIR", [boardA.id]),
    specialist: await mkUser("radiologist@test.example", "SPECIALIST", [boardA.id], "RADIOLOGY"),
    coordinator: await mkUser("coordinator@test.example", "COORDINATOR", [boardA.id]),
    researcher: await mkUser("researcher@test.example", "RESEARCHER", [boardA.id]),
    outsiderChair: await mkUser("chair-b@test.example", "CHAIR", [boardB.id]),
  };

  const mkCase = async (boardId: string, mrn: string, topography: string) => {
    const patient = await db.patient.create({
      data: {
        mrn,
        familyName: "Testperson",
        givenName: mrn,
        birthDate: new Date("1960-01-01T00:00:00Z"),
        sex: "FEMALE",
        researchPseudonym: `CON-${mrn}`,
        conditions: { create: { topographyCode: topography, topographyDisplay: "Site", morphologyCode: "8140/3", morphologyDisplay: "Adenocarcinoma, NOS" } },
      },
      include: { conditions: true },
    });
    const kase = await db.case.create({
      data: { patientId: patient.id, boardId, conditionId: patient.conditions[0]!.id, questionType: "PRIMARY_TREATMENT", clinicalQuestion: "Surgery?", referringUserId: users.specialist.id },
    });
    return { patient, kase };
  };
  const a = await mkCase(boardA.id, "A-1", "C34.1");
  const b = await mkCase(boardB.id, "B-1", "C50.4");
  const meetingA = await db.meeting.create({ data: { boardId: boardA.id, startsAt: new Date(Date.now() + 86_400_000), durationMinutes: 60 } });
  const meetingB = await db.meeting.create({ data: { boardId: boardB.id, startsAt: new Date(Date.now() + 86_400_000), durationMinutes: 60 } });
  await db.agendaItem.create({ data: { meetingId: meetingA.id, caseId: a.kase.id, position: 1, minutesBudget: 10 } });
  await db.agendaItem.create({ data: { meetingId: meetingB.id, caseId: b.kase.id, position: 1 } });
  const draftA = await db.decision.create({
    data: { caseId: a.kase.id, meetingId: meetingA.id, intent: "CURATIVE", recommendation: "Lobectomy", rationale: "Operable", recordedById: users.coordinator.id },
  });

  async function callerFor(actor: ActorKey) {
    const user = actor === "anonymous" ? null : await loadSessionUser(db, users[actor].id);
    return createCaller(createInnerContext({ db, user }));
  }

  return { db, boardA, boardB, users, caseA: a.kase, patientA: a.patient, caseB: b.kase, patientB: b.patient, meetingA, meetingB, draftA, callerFor };
}

export type Fixture = Awaited<ReturnType<typeof createFixture>>;

/**
 * For an integration test file: a fresh migrated database with the fixture, created before the file's tests and
 * dropped after them. Call at the top level; the returned function gives the fixture inside tests.
 */
export function setUpFixture(): () => Fixture {
  let database: Database | null = null;
  let fixture: Fixture | null = null;
  beforeAll(async () => {
    database = await createTestDatabase();
    fixture = await createFixture(database.prisma);
  });
  afterAll(async () => database?.close());
  return () => {
    if (!fixture) throw new Error("setUpFixture() must be called at the top level of a test file.");
    return fixture;
  };
}
