/**
 * The address users reach Concilium at, for links that leave the app (calendar events, e-mails): CONCILIUM_PUBLIC_URL
 * when set; otherwise the host the browser asked for, as the reverse proxy in front passed it on (`X-Forwarded-Host`,
 * `X-Forwarded-Proto`) or as `Host`. Never the address the server listens on: behind a proxy that is `localhost`,
 * which means nothing in someone's calendar.
 */
export function publicBaseUrl(request: Request, env: Record<string, string | undefined> = process.env): string {
  const configured = env.CONCILIUM_PUBLIC_URL?.trim();
  if (configured) {
    try {
      const url = new URL(configured);
      return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
    } catch {
      // An unusable CONCILIUM_PUBLIC_URL is ignored, as the same-origin check ignores it.
    }
  }
  const own = new URL(request.url);
  const first = (name: string) => request.headers.get(name)?.split(",")[0]?.trim() || null;
  const host = first("x-forwarded-host") ?? first("host") ?? own.host;
  const proto = first("x-forwarded-proto") ?? own.protocol.replace(/:$/, "");
  return `${proto === "https" ? "https" : "http"}://${host}`;
}
