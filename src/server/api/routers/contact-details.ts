import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { isEmailAddress } from "@/integrations/mail/smtp";
import { ContactEditRefused } from "@/server/services/patients/contact-details";

// The GP and the referring physician as the patient and case routers take and give them.

/** A free-text detail of a letter's recipient: trimmed; blank means "not on file" (null). */
const detail = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `The ${label} is too long (at most ${max} characters).`)
    .nullable()
    .transform((v) => (v ? v : null));

const email = detail(254, "e-mail address").refine((v) => v === null || isEmailAddress(v), "Enter one valid e-mail address, e.g. dr.smith@practice.example.org.");

/** Details without a name cannot head a letter: a name is needed as soon as anything else is filled in. */
const nameFirst = <T extends { name: string | null }>(value: T, ctx: z.RefinementCtx, who: string) => {
  if (!value.name && Object.values(value).some((v) => v !== null)) ctx.addIssue({ code: "custom", path: ["name"], message: `Give the ${who}'s name.` });
};

export const generalPractitionerInput = z
  .object({ name: detail(200, "name"), practice: detail(200, "practice"), address: detail(500, "address"), email })
  .superRefine((v, ctx) => nameFirst(v, ctx, "GP"));

export const referringPhysicianInput = z
  .object({ name: detail(200, "name"), specialty: detail(200, "specialty or department"), address: detail(500, "address"), email })
  .superRefine((v, ctx) => nameFirst(v, ctx, "referring physician"));

export const revision = z.number().int().min(0);

export const generalPractitionerOutput = z.object({
  name: z.string().nullable(),
  practice: z.string().nullable(),
  address: z.string().nullable(),
  email: z.string().nullable(),
  revision: z.number().int(),
});

export const referringPhysicianOutput = z.object({
  name: z.string().nullable(),
  specialty: z.string().nullable(),
  address: z.string().nullable(),
  email: z.string().nullable(),
  revision: z.number().int(),
});

export const caseContactsOutput = z.object({
  caseId: z.string(),
  gp: generalPractitionerOutput,
  referringPhysician: referringPhysicianOutput,
  canEdit: z.boolean(),
});

/** A specialist who did not refer the case may read its letters' recipients but not change them: FORBIDDEN. */
export async function asContactEdit<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ContactEditRefused) throw new TRPCError({ code: "FORBIDDEN", message: error.message, cause: error });
    throw error;
  }
}
