"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { CodeState } from "@/components/one-time-code/code-step";
import { REFUSALS } from "@/domain/expert-opinion/share-rules";
import { GUEST_REFUSALS } from "@/domain/meetings/guest-rules";
import { requestSourceOf } from "@/server/api/request-source";
import { getPrisma } from "@/server/db";
import { confirmGuestCode, guestSessionOf, sendGuestCode } from "@/server/services/meeting-guests/guest-access";
import { GUEST_COOKIE } from "@/server/services/expert-opinion/share-secrets";

const token = z.string().max(100);

/** The public half of a meeting invitation: the token in the address is the first credential, the code the second. */
export async function requestGuestCode(_previous: CodeState, form: FormData): Promise<CodeState> {
  const parsed = token.safeParse(form.get("token"));
  if (!parsed.success) return { sent: false, error: GUEST_REFUSALS.unknown, notice: null };
  const result = await sendGuestCode(await getPrisma(), parsed.data, requestSourceOf(await headers()));
  return result.ok ? { sent: true, error: null, notice: "A code is on its way to your e-mail address." } : { sent: false, error: result.message, notice: null };
}

export async function confirmGuestCodeAction(_previous: CodeState, form: FormData): Promise<CodeState> {
  const parsed = z.object({ token, code: z.string().max(20) }).safeParse({ token: form.get("token"), code: form.get("code") });
  if (!parsed.success) return { sent: true, error: REFUSALS.wrongCode, notice: null };
  const requestHeaders = await headers();
  const result = await confirmGuestCode(await getPrisma(), parsed.data.token, parsed.data.code, requestSourceOf(requestHeaders));
  if (!result.ok) return { sent: true, error: result.message, notice: null };
  (await cookies()).set(GUEST_COOKIE, result.session, {
    httpOnly: true,
    sameSite: "lax",
    secure: requestHeaders.get("x-forwarded-proto") === "https" || (process.env.CONCILIUM_PUBLIC_URL ?? "").startsWith("https:"),
    path: "/",
    expires: result.expiresAt,
  });
  redirect(`/guest/${parsed.data.token}`);
}

/** Whether the guest's access is still open: asked now and then by the guest's page, which then shows the refusal. */
export async function guestAccessOpen(linkToken: string): Promise<boolean> {
  const parsed = token.safeParse(linkToken);
  if (!parsed.success) return false;
  const requestHeaders = await headers();
  const check = await guestSessionOf(await getPrisma(), requestHeaders.get("cookie"), "check", requestSourceOf(requestHeaders), parsed.data);
  return check !== null && check.ok;
}
