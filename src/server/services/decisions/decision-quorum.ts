import type { SpecialtyName } from "@/domain/roles";
import type { Db } from "../db-types";
import { getMeetingQuorum } from "../meetings/attendance";

/**
 * Whether the meeting's attendance met the board's quorum, stored on the decision so that the decision and the
 * minutes show a decision made without quorum. Outside a meeting there is no quorum to meet: null.
 */
export async function quorumColumns(tx: Db, meetingId: string | null): Promise<{ quorate: boolean | null; quorumMissing: SpecialtyName[] }> {
  if (!meetingId) return { quorate: null, quorumMissing: [] };
  const { quorate, missing } = await getMeetingQuorum(tx, meetingId);
  return { quorate, quorumMissing: missing };
}
