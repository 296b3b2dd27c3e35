import { describe, expect, it } from "vitest";
import { requestSourceOf } from "./request-source";

describe("requestSourceOf", () => {
  it("takes the client's address from the proxy's first hop and the user agent", () => {
    const headers = new Headers({ "x-forwarded-for": "203.0.113.7, 10.0.0.2", "user-agent": "Mozilla/5.0 Test" });
    expect(requestSourceOf(headers)).toEqual({ ip: "203.0.113.7", userAgent: "Mozilla/5.0 Test" });
  });

  it("falls back to X-Real-IP and gives nulls for a request without either", () => {
    expect(requestSourceOf(new Headers({ "x-real-ip": "198.51.100.1" }))).toEqual({ ip: "198.51.100.1", userAgent: null });
    expect(requestSourceOf(new Headers())).toEqual({ ip: null, userAgent: null });
  });

  it("keeps an oversized user agent to a bounded length", () => {
    expect(requestSourceOf(new Headers({ "user-agent": "x".repeat(5000) })).userAgent).toHaveLength(400);
  });
});
