import { describe, expect, it } from "vitest";
import { forgetGrants, GRANT_SECONDS, hasRecentGrant, recallGrant, rememberGrant } from "./recent-grants";

const request = (cookie?: string) => new Request("http://127.0.0.1/api/slides/s1/tiles/10/0_0.jpeg", { headers: cookie ? { cookie } : {} });

describe("recent grants for tile bursts", () => {
  it("lets the same session reach the same slide again without the full guard, for a minute only", () => {
    const now = 1_000_000;
    expect(hasRecentGrant(request("authjs.session-token=alice"), "slide:s1", now)).toBe(false);
    rememberGrant(request("authjs.session-token=alice"), "slide:s1", now);
    expect(hasRecentGrant(request("authjs.session-token=alice"), "slide:s1", now + 1000)).toBe(true);
    expect(hasRecentGrant(request("authjs.session-token=alice"), "slide:s1", now + GRANT_SECONDS * 1000 + 1)).toBe(false);
  });

  it("never carries a grant to another session, another slide or a request without a session", () => {
    const now = 2_000_000;
    rememberGrant(request("authjs.session-token=alice"), "slide:s1", now);
    expect(hasRecentGrant(request("authjs.session-token=mallory"), "slide:s1", now)).toBe(false);
    expect(hasRecentGrant(request("authjs.session-token=alice"), "slide:s2", now)).toBe(false);
    expect(hasRecentGrant(request(), "slide:s1", now)).toBe(false);
  });
});

describe("what a grant remembers", () => {
  it("gives back the guard's result to the same session and resource only", () => {
    const now = 3_000_000;
    rememberGrant(request("authjs.session-token=alice"), "slide.tile:s9", now, { user: "alice" });
    expect(recallGrant(request("authjs.session-token=alice"), "slide.tile:s9", now + 10)).toEqual({ user: "alice" });
    expect(recallGrant(request("authjs.session-token=mallory"), "slide.tile:s9", now + 10)).toBeUndefined();
    expect(recallGrant(request("authjs.session-token=alice"), "slide.tile:s9", now + GRANT_SECONDS * 1000 + 1)).toBeUndefined();
  });
});

describe("signing out", () => {
  it("ends every grant of that session at once, and no one else's", () => {
    const now = 4_000_000;
    rememberGrant(request("authjs.session-token=alice"), "slide.tile:s1", now);
    rememberGrant(request("authjs.session-token=alice"), "slide.tile:s2", now);
    rememberGrant(request("authjs.session-token=bob"), "slide.tile:s1", now);
    forgetGrants(request("authjs.session-token=alice"));
    expect(hasRecentGrant(request("authjs.session-token=alice"), "slide.tile:s1", now + 1)).toBe(false);
    expect(hasRecentGrant(request("authjs.session-token=alice"), "slide.tile:s2", now + 1)).toBe(false);
    expect(hasRecentGrant(request("authjs.session-token=bob"), "slide.tile:s1", now + 1)).toBe(true);
  });
});
