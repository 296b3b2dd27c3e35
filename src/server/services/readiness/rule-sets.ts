import { checkRules, type ReadinessRule } from "@/domain/readiness/readiness";
import type { Actor, Db } from "../db-types";
import { ServiceError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { parseStoredRules } from "./rule-schema";

export interface RuleSetView {
  boardId: string;
  /** 0 when the board has no rules yet. */
  version: number;
  rules: ReadinessRule[];
  createdAt: Date | null;
  createdBy: string | null;
}

/** The rules that apply to a board: its latest version. */
export async function getRuleSet(db: Db, boardId: string): Promise<RuleSetView> {
  const latest = await db.readinessRuleSet.findFirst({ where: { boardId }, orderBy: { version: "desc" } });
  if (!latest) return { boardId, version: 0, rules: [], createdAt: null, createdBy: null };
  const author = latest.createdById ? await db.user.findUnique({ where: { id: latest.createdById }, select: { name: true } }) : null;
  return { boardId, version: latest.version, rules: parseStoredRules(latest.rules), createdAt: latest.createdAt, createdBy: author?.name ?? null };
}

/** Latest rules of several boards in one query. */
export async function rulesOfBoards(db: Db, boardIds: string[]): Promise<Map<string, ReadinessRule[]>> {
  const sets = await db.readinessRuleSet.findMany({ where: { boardId: { in: boardIds } }, orderBy: { version: "desc" }, distinct: ["boardId"] });
  return new Map(sets.map((s) => [s.boardId, parseStoredRules(s.rules)]));
}

/**
 * Saves the board's rules as a new version (the old ones stay for the record). `expectedVersion` is the version the
 * editor started from: two chairs editing at once do not overwrite each other silently.
 */
export async function saveRuleSet(db: Db, actor: Actor, input: { boardId: string; expectedVersion: number; rules: ReadinessRule[] }) {
  const problems = checkRules(input.rules);
  if (problems.length > 0) throw new ServiceError("BAD_REQUEST", problems.map((p) => p.message).join(" "), problems.map((p) => ({ field: `rules.${p.index}`, message: p.message })));
  const current = await getRuleSet(db, input.boardId);
  if (current.version !== input.expectedVersion) {
    throw new ServiceError("CONFLICT", `The rules were changed by ${current.createdBy ?? "someone else"} while you were editing (now version ${current.version}). Reload to see them, then make your change again.`);
  }
  try {
    const saved = await db.readinessRuleSet.create({
      data: { boardId: input.boardId, version: current.version + 1, rules: input.rules as object[], createdById: actor.id },
    });
    await recordAudit(db, actor, { action: "readiness.rules.save", entityType: "Board", entityId: input.boardId, detail: { version: saved.version, rules: input.rules.length } });
    return { version: saved.version };
  } catch (error) {
    if (error && typeof error === "object" && "code" in error && error.code === "P2002") {
      throw new ServiceError("CONFLICT", "The rules were changed by someone else at the same moment. Reload to see them, then make your change again.");
    }
    throw error;
  }
}
