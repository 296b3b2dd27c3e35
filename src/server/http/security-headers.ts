/**
 * The browser-side protections of every response. Pages get a Content-Security-Policy with a per-request nonce
 * (set by src/proxy.ts; Next puts the nonce on its own scripts); API answers, which are never rendered as pages,
 * get a policy that allows nothing. HSTS only when the request came over HTTPS (behind a TLS proxy:
 * `x-forwarded-proto: https`), so that a plain-HTTP installation is not locked out of itself.
 */

/** Whether the browser reached Concilium over HTTPS. */
export function viaHttps(request: Request): boolean {
  const forwarded = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  return forwarded ? forwarded === "https" : new URL(request.url).protocol === "https:";
}

/**
 * The pages' policy. Cornerstone's codecs compile WebAssembly ('wasm-unsafe-eval') and run in workers, some from
 * blob: URLs; React and OpenSeadragon set style attributes, hence 'unsafe-inline' for styles only. Scripts run only
 * with the nonce or when loaded by a script that has it ('strict-dynamic'). `next dev` also needs eval.
 */
export function pageContentSecurityPolicy(nonce: string, options: { https: boolean; dev: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic' 'wasm-unsafe-eval'${options.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** API answers (JSON, images, files) are data, never documents: nothing may run or embed them. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox";

/** A stored PDF or image opened in the browser's own viewer (which a sandboxed document cannot use). */
export const INLINE_DOCUMENT_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

const HSTS = "max-age=31536000; includeSubDomains";

/** Headers every page carries (X-Content-Type-Options, Referrer-Policy and X-Frame-Options come from next.config.js for all paths). */
export function pageSecurityHeaders(request: Request, nonce: string, dev: boolean): Record<string, string> {
  const https = viaHttps(request);
  return { "Content-Security-Policy": pageContentSecurityPolicy(nonce, { https, dev }), ...(https ? { "Strict-Transport-Security": HSTS } : {}) };
}

/** Headers every API answer carries, set by the HTTP edge and the tRPC endpoint. */
export function apiSecurityHeaders(request: Request): Record<string, string> {
  return apiSecurityHeadersFor(viaHttps(request));
}

/** apiSecurityHeaders for a request that is not a fetch Request (the fast path's Node request). */
export function apiSecurityHeadersFor(https: boolean): Record<string, string> {
  return {
    "Content-Security-Policy": API_CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    ...(https ? { "Strict-Transport-Security": HSTS } : {}),
  };
}

/** Sets headers on a response, copying it first when its headers are immutable (a fetched upstream answer). */
export function withHeaders(response: Response, headers: Record<string, string>): Response {
  try {
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    return response;
  } catch {
    const copy = new Response(response.body, { status: response.status, statusText: response.statusText, headers: response.headers });
    for (const [name, value] of Object.entries(headers)) copy.headers.set(name, value);
    return copy;
  }
}
