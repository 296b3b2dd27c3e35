import type { Prisma } from "@/generated/prisma/client";
import type { Db } from "../db-types";
import { ServiceError } from "../errors";

export const CONFLICT_MESSAGE = "Someone else corrected or withdrew this outcome a moment ago. Reload to see the current version.";

/** The version to correct or withdraw, if it is still the current one; otherwise a conflict the user can act on. */
export async function currentVersion(tx: Db, outcomeId: string) {
  const outcome = await tx.outcome.findUnique({ where: { id: outcomeId } });
  if (!outcome) throw new ServiceError("NOT_FOUND", "No such outcome.");
  if (outcome.retractedAt) throw new ServiceError("CONFLICT", `Version ${outcome.version} of this outcome was withdrawn: it cannot be changed.`);
  if (outcome.supersededById) throw new ServiceError("CONFLICT", `Version ${outcome.version} was already corrected. Reload and correct the current version.`);
  return outcome;
}

/** Marks `previous` as replaced, only if nobody did so meanwhile: the guard against a lost update. */
export async function supersede(tx: Db, previousId: string, data: Prisma.OutcomeUncheckedUpdateManyInput) {
  const { count } = await tx.outcome.updateMany({ where: { id: previousId, supersededById: null, retractedAt: null }, data });
  if (count === 0) throw new ServiceError("CONFLICT", CONFLICT_MESSAGE);
}

export const reasonOf = (reason: string, what: string) => {
  const trimmed = reason.trim();
  if (trimmed.length < 3) throw new ServiceError("BAD_REQUEST", `Say why the outcome is ${what}.`, [{ field: "reason", message: `Say why the outcome is ${what}.` }]);
  return trimmed;
};
