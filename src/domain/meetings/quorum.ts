import type { SpecialtyName } from "../roles";

export interface QuorumResult {
  quorate: boolean;
  /** Required specialties nobody attends for, in the board's order. */
  missing: SpecialtyName[];
}

/** A meeting is quorate when every specialty the board requires has at least one attendee. */
export function evaluateQuorum(required: readonly SpecialtyName[], attendees: readonly { specialty: SpecialtyName }[]): QuorumResult {
  const present = new Set(attendees.map((a) => a.specialty));
  const missing = [...new Set(required)].filter((s) => !present.has(s));
  return { quorate: missing.length === 0, missing };
}
