import type { Fixture } from "./fixture";

let counter = 0;
const DAY = 86_400_000;

/** A referred case of board A (or B) with a fresh patient, for tests that need more than the fixture's one. */
export async function addCase(f: Fixture, options: { board?: "A" | "B"; urgency?: "ROUTINE" | "URGENT"; referredDaysAgo?: number; familyName?: string } = {}) {
  counter += 1;
  const mrn = `T-${counter}-${Math.random().toString(36).slice(2, 8)}`;
  const patient = await f.db.patient.create({
    data: { mrn, familyName: options.familyName ?? `Patient${counter}`, givenName: "Test", birthDate: new Date("1965-03-03T00:00:00Z"), sex: "MALE", researchPseudonym: `CON-${mrn}` },
  });
  return f.db.case.create({
    data: {
      patientId: patient.id,
      boardId: options.board === "B" ? f.boardB.id : f.boardA.id,
      questionType: "PRIMARY_TREATMENT",
      clinicalQuestion: "Treatment?",
      referringUserId: f.users.specialist.id,
      urgency: options.urgency ?? "ROUTINE",
      createdAt: new Date(Date.now() - (options.referredDaysAgo ?? 1) * DAY),
    },
  });
}

/** A planned meeting of board A `daysAhead` days from now, with the given cases on its agenda in order. */
export async function addMeeting(f: Fixture, daysAhead: number, caseIds: string[] = [], durationMinutes = 60) {
  const meeting = await f.db.meeting.create({ data: { boardId: f.boardA.id, startsAt: new Date(Date.now() + daysAhead * DAY), durationMinutes, location: "Room 2" } });
  for (const [i, caseId] of caseIds.entries()) {
    await f.db.agendaItem.create({ data: { meetingId: meeting.id, caseId, position: i + 1 } });
    await f.db.case.update({ where: { id: caseId }, data: { status: "SCHEDULED" } });
  }
  return meeting;
}
