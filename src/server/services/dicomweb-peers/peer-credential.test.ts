import { describe, expect, it } from "vitest";
import { tokenOf } from "./peer-credential";

const basic = (userAndPassword: string) => `Basic ${Buffer.from(userAndPassword).toString("base64")}`;

describe("tokenOf", () => {
  it("takes a Bearer token, or the password of HTTP Basic whatever the user name", () => {
    expect(tokenOf("Bearer abc-123")).toBe("abc-123");
    expect(tokenOf("bearer   abc")).toBe("abc");
    expect(tokenOf(basic("orthanc:s3cret:with-colon"))).toBe("s3cret:with-colon");
    expect(tokenOf(basic(":only-password"))).toBe("only-password");
  });

  it("finds none in other schemes, an empty password or no header", () => {
    expect(tokenOf(null)).toBeNull();
    expect(tokenOf("Bearer")).toBeNull();
    expect(tokenOf("Digest abc")).toBeNull();
    expect(tokenOf(basic("user:"))).toBeNull();
    expect(tokenOf(basic("no-colon"))).toBeNull();
  });
});
