import { DEFAULT_K } from "@/domain/outcomes/research-export";
import { recordAudit } from "../audit/record-audit";
import { K_SETTING_KEY, kAnonymity } from "../dataset/dataset-scope";
import type { Actor, Db } from "../db-types";

export async function getDatasetPrivacy(db: Db): Promise<{ k: number; isDefault: boolean }> {
  const k = await kAnonymity(db);
  return { k, isDefault: (await db.siteSetting.findUnique({ where: { key: K_SETTING_KEY }, select: { key: true } })) === null && k === DEFAULT_K };
}

/** An administrator sets the k of the pseudonymised exports' k-anonymity check; audited with the old and new k. */
export async function updateDatasetPrivacy(db: Db, actor: Actor, input: { k: number }) {
  const before = await kAnonymity(db);
  await db.siteSetting.upsert({
    where: { key: K_SETTING_KEY },
    create: { key: K_SETTING_KEY, value: { k: input.k }, updatedById: actor.id },
    update: { value: { k: input.k }, updatedById: actor.id },
  });
  await recordAudit(db, actor, { action: "settings.update", entityType: "SiteSetting", entityId: K_SETTING_KEY, detail: { from: before, to: input.k } });
  return { k: input.k, isDefault: false };
}
