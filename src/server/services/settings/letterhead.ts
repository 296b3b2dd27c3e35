import type { Letterhead } from "@/integrations/pdf/types";
import type { Actor, Db } from "../db-types";
import { recordAudit } from "../audit/record-audit";

export const LETTERHEAD_KEY = "letterhead";

/** What letters carry until an administrator sets the hospital's own letterhead. */
export const DEFAULT_LETTERHEAD: Letterhead = {
  hospital: "Concilium Hospital",
  department: "Multidisciplinary Tumour Board",
  address: "",
  phone: "",
  email: "",
};

const FIELDS = ["hospital", "department", "address", "phone", "email"] as const;

function fromJson(value: unknown): Letterhead {
  const v = typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  const out = { ...DEFAULT_LETTERHEAD };
  for (const f of FIELDS) if (typeof v[f] === "string") out[f] = v[f];
  return out;
}

export async function getLetterhead(db: Db): Promise<Letterhead & { isDefault: boolean; updatedAt: Date | null }> {
  const row = await db.siteSetting.findUnique({ where: { key: LETTERHEAD_KEY } });
  if (!row) return { ...DEFAULT_LETTERHEAD, isDefault: true, updatedAt: null };
  return { ...fromJson(row.value), isDefault: false, updatedAt: row.updatedAt };
}

/** An administrator sets the letterhead; audited with what changed. */
export async function updateLetterhead(db: Db, actor: Actor, input: Letterhead) {
  const value: Letterhead = {
    hospital: input.hospital.trim(),
    department: input.department.trim(),
    address: input.address.replace(/\r\n?/g, "\n").trim(),
    phone: input.phone.trim(),
    email: input.email.trim(),
  };
  const before = await getLetterhead(db);
  const row = await db.siteSetting.upsert({
    where: { key: LETTERHEAD_KEY },
    create: { key: LETTERHEAD_KEY, value: { ...value }, updatedById: actor.id },
    update: { value: { ...value }, updatedById: actor.id },
  });
  const changed = FIELDS.filter((f) => before[f] !== value[f]);
  await recordAudit(db, actor, { action: "settings.update", entityType: "SiteSetting", entityId: LETTERHEAD_KEY, detail: { changed } });
  return { ...value, isDefault: false, updatedAt: row.updatedAt };
}
