import { NextResponse, type NextRequest } from "next/server";
import { pageSecurityHeaders } from "@/server/http/security-headers";

/**
 * Pages only: a fresh nonce per request in a strict Content-Security-Policy, handed to Next (which puts it on its
 * own scripts) through the request's header, and HSTS behind HTTPS. API routes set their own headers at the HTTP
 * edge; they are not matched here, also because a proxy would buffer their request bodies (uploads of gigabytes).
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const headers = pageSecurityHeaders(request, nonce, process.env.NODE_ENV === "development");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", headers["Content-Security-Policy"]!);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [{ source: "/((?!api/|_next/static|_next/image|favicon.ico).*)" }],
};
