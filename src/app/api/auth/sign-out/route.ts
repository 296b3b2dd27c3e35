import { forgetGrants } from "@/server/api/recent-grants";
import { signOut } from "@/server/auth/config";
import { problem } from "@/server/http/problem";
import { crossSiteRefusal } from "@/server/http/same-origin";

/**
 * Sign-out: revokes the server-side session (a copied cookie stops working), clears the cookie, and asks the browser
 * to forget what it kept for this site, so a shared workstation holds no images or pages of the last user.
 * Anyone may call it: without a session it only clears the browser. `reason=idle` comes from the idle timer.
 * Another site may not sign a user out (a cross-site form post is refused as at the HTTP edge).
 */
export async function POST(request: Request) {
  const refusal = crossSiteRefusal(request);
  if (refusal) return problem(403, refusal);
  const form = await request.formData().catch(() => null);
  const ended = form?.get("reason") === "idle" ? "idle" : "signed-out";
  await signOut({ redirect: false });
  forgetGrants(request);
  return new Response(null, {
    status: 303,
    headers: { Location: `/login?ended=${ended}`, "Clear-Site-Data": '"cache", "cookies", "storage"', "Cache-Control": "no-store" },
  });
}
