import type { Db } from "../db-types";

export interface MeetingSummary {
  id: string;
  boardId: string;
  boardName: string;
  startsAt: Date;
  durationMinutes: number;
  location: string | null;
  status: "PLANNED" | "IN_PROGRESS" | "FINISHED" | "CANCELLED";
  caseCount: number;
  decisionCount: number;
}

/** Meetings of the given boards: upcoming soonest first, past most recent first. */
export async function listMeetings(db: Db, boardIds: string[], now: Date) {
  const meetings = await db.meeting.findMany({
    where: { boardId: { in: boardIds } },
    orderBy: { startsAt: "asc" },
    include: { board: { select: { name: true } }, _count: { select: { agendaItems: true, decisions: true } } },
  });
  const summaries: MeetingSummary[] = meetings.map((m) => ({
    id: m.id,
    boardId: m.boardId,
    boardName: m.board.name,
    startsAt: m.startsAt,
    durationMinutes: m.durationMinutes,
    location: m.location,
    status: m.status,
    caseCount: m._count.agendaItems,
    decisionCount: m._count.decisions,
  }));
  // A meeting in progress is current however long it runs over.
  const isPast = (m: MeetingSummary) =>
    m.status === "FINISHED" || m.status === "CANCELLED" || (m.status !== "IN_PROGRESS" && m.startsAt.getTime() + m.durationMinutes * 60_000 < now.getTime());
  return {
    upcoming: summaries.filter((m) => !isPast(m)),
    past: summaries.filter(isPast).reverse(),
  };
}
