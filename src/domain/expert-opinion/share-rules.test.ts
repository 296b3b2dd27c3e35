import { describe, expect, it } from "vitest";
import { MAX_CODE_FAILURES, MAX_SHARE_DAYS, normaliseCode, sessionExpiry, shareExpiry, shareState } from "./share-rules";

const now = new Date("2026-12-07T10:00:00Z");
const open = { expiresAt: new Date("2026-12-21T10:00:00Z"), revokedAt: null, codeFailures: 0, codesSent: 1 };

describe("a second-opinion link", () => {
  it("is open until it expires, is revoked or locks", () => {
    expect(shareState(open, now)).toBe("open");
    expect(shareState({ ...open, expiresAt: now }, now)).toBe("expired");
    expect(shareState({ ...open, revokedAt: now, expiresAt: now }, now)).toBe("revoked");
    expect(shareState({ ...open, codeFailures: MAX_CODE_FAILURES }, now)).toBe("locked");
  });

  it("lasts 14 days by default and never more than the maximum", () => {
    expect(shareExpiry(now).toISOString()).toBe("2026-12-21T10:00:00.000Z");
    expect(shareExpiry(now, 365).getTime() - now.getTime()).toBe(MAX_SHARE_DAYS * 86_400_000);
    expect(shareExpiry(now, 0).getTime() - now.getTime()).toBe(86_400_000);
  });

  it("opens a session that ends with the link at the latest", () => {
    expect(sessionExpiry(now, new Date("2026-12-07T11:00:00Z")).toISOString()).toBe("2026-12-07T11:00:00.000Z");
    expect(sessionExpiry(now, open.expiresAt).toISOString()).toBe("2026-12-07T22:00:00.000Z");
  });

  it("takes a six-digit code with spaces, and nothing else", () => {
    expect(normaliseCode(" 123 456 ")).toBe("123456");
    expect(normaliseCode("12345")).toBeNull();
    expect(normaliseCode("12345a")).toBeNull();
  });
});
