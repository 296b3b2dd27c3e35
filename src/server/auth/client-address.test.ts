import { describe, expect, it } from "vitest";
import { clientAddress } from "./client-address";

describe("clientAddress", () => {
  it("takes the address the nearest proxy appended, not what the client claimed before it", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "10.9.9.9, 192.0.2.7" }))).toBe("192.0.2.7");
    expect(clientAddress(new Headers({ "x-forwarded-for": "::1" }))).toBe("::1");
  });

  it("says unknown when there is no address at all", () => {
    expect(clientAddress(new Headers())).toBe("unknown");
  });
});
