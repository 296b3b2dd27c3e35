import { describe, expect, it } from "vitest";
import { publicBaseUrl } from "./public-url";

const request = (headers: Record<string, string> = {}) => new Request("http://localhost:3000/api/meetings/m1/agenda.ics", { headers });

describe("publicBaseUrl", () => {
  it("prefers CONCILIUM_PUBLIC_URL, without a trailing slash", () => {
    expect(publicBaseUrl(request({ host: "localhost:3000" }), { CONCILIUM_PUBLIC_URL: "https://mdt.hospital.example/concilium/" })).toBe("https://mdt.hospital.example/concilium");
  });

  it("names the host the proxy was asked for, never the localhost it forwards to", () => {
    expect(publicBaseUrl(request({ host: "localhost:3000", "x-forwarded-host": "mdt.hospital.example", "x-forwarded-proto": "https" }), {})).toBe("https://mdt.hospital.example");
  });

  it("uses the Host header when there is no proxy", () => {
    expect(publicBaseUrl(request({ host: "concilium.lan:3000" }), {})).toBe("http://concilium.lan:3000");
  });

  it("ignores an unusable CONCILIUM_PUBLIC_URL", () => {
    expect(publicBaseUrl(request({ host: "concilium.lan" }), { CONCILIUM_PUBLIC_URL: "not a url" })).toBe("http://concilium.lan");
  });
});
