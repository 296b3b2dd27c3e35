"use server";

import { z } from "zod";
import { getPrisma } from "@/server/db";
import { setPasswordWithToken } from "@/server/services/admin/users/set-password-with-token";

export type SetPasswordState = { done: false; error: string | null } | { done: true; email: string };

const input = z.object({ token: z.string().min(1).max(200), password: z.string().max(1000), confirmation: z.string().max(1000) });

/** The public half of a set-password link: the token is the only credential, checked and consumed by the service. */
export async function setPasswordFromLink(_previous: SetPasswordState, form: FormData): Promise<SetPasswordState> {
  const parsed = input.safeParse({ token: form.get("token"), password: form.get("password"), confirmation: form.get("confirmation") });
  if (!parsed.success) return { done: false, error: "This link is not valid. Ask your administrator for a new one." };
  const result = await setPasswordWithToken(await getPrisma(), parsed.data);
  return result.ok ? { done: true, email: result.email } : { done: false, error: result.message };
}
