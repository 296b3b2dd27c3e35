import { minutesUntilNextLookup, OUTSIDE_LOOKUP_LIMIT, OUTSIDE_LOOKUP_WINDOW_MS } from "@/domain/referrals/outside-patients";
import type { Actor, Db } from "../db-types";

/** The user has searched outside their boards too often; the API answers TOO_MANY_REQUESTS with this message. */
export class OutsideLookupLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutsideLookupLimitError";
  }
}

/**
 * Refuses a search outside the user's boards once their limit is reached, whatever it would find (a refusal that
 * depended on the result would itself tell). A refused search is not recorded, so waiting frees the user again.
 */
export async function assertOutsideLookupAllowed(db: Db, actor: Actor, now: Date) {
  const recent = await db.patientLookup.findMany({
    where: { userId: actor.id, at: { gt: new Date(now.getTime() - OUTSIDE_LOOKUP_WINDOW_MS) } },
    orderBy: { at: "desc" },
    take: OUTSIDE_LOOKUP_LIMIT,
    select: { at: true },
  });
  const wait = minutesUntilNextLookup(recent.map((r) => r.at), now);
  if (wait !== null) {
    throw new OutsideLookupLimitError(
      `You have searched for patients outside your boards ${OUTSIDE_LOOKUP_LIMIT} times in ${OUTSIDE_LOOKUP_WINDOW_MS / 60_000} minutes. Try again in ${wait} minute${wait === 1 ? "" : "s"}.`,
    );
  }
}

/** Counts one search outside the user's boards; a found patient's row is the handle the user refers with. */
export async function recordOutsideLookup(db: Db, actor: Actor, patientId: string | null, now: Date) {
  await assertOutsideLookupAllowed(db, actor, now);
  return db.patientLookup.create({ data: { userId: actor.id, patientId, at: now }, select: { id: true } });
}
