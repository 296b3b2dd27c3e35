import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";
import { isSameOrigin, crossSiteRefusal } from "./same-origin";

const page = (headers: Record<string, string> = {}) => new NextRequest("http://localhost:3000/meetings/m1", { headers });

describe("the pages' Content-Security-Policy (src/proxy.ts)", () => {
  it("is strict: scripts only with this request's nonce, WebAssembly and blob workers for the viewers, no framing", () => {
    const policy = proxy(page()).headers.get("content-security-policy")!;
    const nonce = policy.match(/'nonce-([^']+)'/)![1]!;
    expect(nonce.length).toBeGreaterThanOrEqual(20);
    expect(policy).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic' 'wasm-unsafe-eval'`);
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(policy).not.toContain("'unsafe-eval'");
    for (const directive of ["default-src 'self'", "worker-src 'self' blob:", "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'", "form-action 'self'"]) {
      expect(policy).toContain(directive);
    }
  });

  it("hands Next the nonce with the request, and a fresh one for every request", () => {
    const first = proxy(page());
    const second = proxy(page());
    const nonceOf = (r: Response) => r.headers.get("content-security-policy")!.match(/'nonce-([^']+)'/)![1];
    expect(nonceOf(first)).not.toBe(nonceOf(second));
    // NextResponse.next passes request headers on as x-middleware-request-<name>.
    expect(first.headers.get("x-middleware-request-x-nonce")).toBe(nonceOf(first));
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(first.headers.get("content-security-policy"));
  });

  it("adds HSTS and upgrade-insecure-requests only behind HTTPS", () => {
    const plain = proxy(page());
    expect(plain.headers.get("strict-transport-security")).toBeNull();
    expect(plain.headers.get("content-security-policy")).not.toContain("upgrade-insecure-requests");
    const tls = proxy(page({ "x-forwarded-proto": "https" }));
    expect(tls.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    expect(tls.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
  });
});

describe("cross-site refusal", () => {
  const post = (headers: Record<string, string>, url = "http://localhost:3000/api/x") => new Request(url, { method: "POST", headers });

  it("lets reads through whatever their origin", () => {
    expect(crossSiteRefusal(new Request("http://localhost:3000/api/x", { headers: { origin: "https://evil.example" } }))).toBeNull();
  });

  it("judges state-changing requests by Origin, then by Sec-Fetch-Site", () => {
    expect(isSameOrigin(post({ origin: "http://localhost:3000" }))).toBe(true);
    expect(isSameOrigin(post({ origin: "https://evil.example" }))).toBe(false);
    expect(isSameOrigin(post({ origin: "null" }))).toBe(false);
    expect(isSameOrigin(post({ origin: "null", "sec-fetch-site": "cross-site" }))).toBe(false);
    // Chromium's own form posts under Referrer-Policy: no-referrer (sign-out).
    expect(isSameOrigin(post({ origin: "null", "sec-fetch-site": "same-origin" }))).toBe(true);
    expect(isSameOrigin(post({ origin: "http://localhost:3001" }))).toBe(false);
    expect(isSameOrigin(post({ "sec-fetch-site": "cross-site" }))).toBe(false);
    expect(isSameOrigin(post({ "sec-fetch-site": "same-site" }))).toBe(false);
    expect(isSameOrigin(post({ "sec-fetch-site": "same-origin" }))).toBe(true);
    expect(isSameOrigin(post({}))).toBe(true);
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      expect(crossSiteRefusal(new Request("http://localhost:3000/api/x", { method, headers: { origin: "https://evil.example" } }))).toMatch(/other sites/);
    }
  });

  it("knows the host a reverse proxy was asked for, and CONCILIUM_PUBLIC_URL", () => {
    const behindProxy = { "x-forwarded-host": "concilium.hospital.example" };
    expect(isSameOrigin(post({ ...behindProxy, origin: "https://concilium.hospital.example" }, "http://127.0.0.1:3000/api/x"))).toBe(true);
    process.env.CONCILIUM_PUBLIC_URL = "https://board.hospital.example/";
    try {
      expect(isSameOrigin(post({ origin: "https://board.hospital.example" }, "http://127.0.0.1:3000/api/x"))).toBe(true);
    } finally {
      delete process.env.CONCILIUM_PUBLIC_URL;
    }
  });
});
