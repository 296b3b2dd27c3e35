/**
 * Cross-site request refusal (CSRF): a state-changing request must come from Concilium's own pages. Browsers send
 * `Origin` with every POST; when it is missing, `Sec-Fetch-Site` says where the request came from. Clients that are
 * not browsers (a STOW-RS sender, curl) send neither and are judged by their credentials alone.
 */
const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The hosts this request may come from: the one it was sent to (as the proxy in front saw it) and CONCILIUM_PUBLIC_URL's. */
function ownHosts(request: Request): Set<string> {
  const hosts = new Set<string>([new URL(request.url).host]);
  const forwarded = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  const host = forwarded || request.headers.get("host");
  if (host) hosts.add(host.toLowerCase());
  const publicUrl = process.env.CONCILIUM_PUBLIC_URL?.trim();
  if (publicUrl) {
    try {
      hosts.add(new URL(publicUrl).host);
    } catch {
      // An unusable CONCILIUM_PUBLIC_URL adds nothing.
    }
  }
  return hosts;
}

/** Whether a browser sent this request from one of Concilium's own pages (or no browser sent it at all). */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  // "null" is what a browser sends for an opaque origin (a sandboxed frame, a file) and, under a no-referrer
  // policy, for its own form posts: then only Sec-Fetch-Site can tell, and it must say same-origin.
  if (origin === "null") return request.headers.get("sec-fetch-site") === "same-origin";
  if (origin !== null) {
    try {
      return ownHosts(request).has(new URL(origin).host);
    } catch {
      return false;
    }
  }
  const site = request.headers.get("sec-fetch-site");
  return site === null || site === "same-origin" || site === "none";
}

/** The refusal message for a cross-site state-changing request, or null when the request may go on. */
export function crossSiteRefusal(request: Request): string | null {
  if (!STATE_CHANGING.has(request.method.toUpperCase())) return null;
  return isSameOrigin(request) ? null : "Requests from other sites are refused: use Concilium's own pages.";
}
