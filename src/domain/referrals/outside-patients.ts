/**
 * Rules for patients outside the user's boards.
 *
 * Within one's boards a referrer finds patients by MRN or name. Outside them, two identifiers are needed (MRN AND
 * birth date) and the answer is only "exists" with an opaque handle, never a name or diagnosis. Each such search
 * counts against a per-user limit (a sliding window), so that sequential MRNs cannot be walked. Referring a patient
 * found this way, who has no case on any of the user's boards, needs a declared treatment relationship.
 */
export const OUTSIDE_LOOKUP_LIMIT = 20;
export const OUTSIDE_LOOKUP_WINDOW_MS = 10 * 60 * 1000;
/** A handle from an outside search refers to its patient for this long. */
export const LOOKUP_HANDLE_VALID_MS = 60 * 60 * 1000;

/** Whole minutes until the oldest counted search leaves the window; null when one more search is allowed. */
export function minutesUntilNextLookup(recentLookups: readonly Date[], now: Date): number | null {
  if (recentLookups.length < OUTSIDE_LOOKUP_LIMIT) return null;
  const sorted = [...recentLookups].sort((a, b) => b.getTime() - a.getTime());
  // The search that must leave the window before another is allowed.
  const blocking = sorted[OUTSIDE_LOOKUP_LIMIT - 1]!;
  const waitMs = blocking.getTime() + OUTSIDE_LOOKUP_WINDOW_MS - now.getTime();
  return waitMs <= 0 ? null : Math.ceil(waitMs / 60_000);
}

export const RELATIONSHIP_KINDS = ["TREATING_PHYSICIAN", "SECOND_OPINION", "OTHER"] as const;
export type RelationshipKindName = (typeof RELATIONSHIP_KINDS)[number];

export const RELATIONSHIP_LABELS: Record<RelationshipKindName, string> = {
  TREATING_PHYSICIAN: "I am the treating physician",
  SECOND_OPINION: "Second opinion requested by …",
  OTHER: "Other ground …",
};

/** The treating physician's word suffices; any other ground must name who asked or why. */
export const relationshipNeedsStatement = (kind: RelationshipKindName) => kind !== "TREATING_PHYSICIAN";

/** The audit ground of a referral that rests on a declared relationship. */
export const DECLARED_RELATIONSHIP_GROUND = "declared-relationship";
