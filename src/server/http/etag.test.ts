import { describe, expect, it } from "vitest";
import { etagOf, matchesEtag } from "./etag";

describe("ETags of immutable answers", () => {
  it("are quoted, the same for the same bytes and different for other bytes", () => {
    const tag = etagOf(Buffer.from([1, 2, 3]));
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(etagOf(Buffer.from([1, 2, 3]))).toBe(tag);
    expect(etagOf(Buffer.from([1, 2, 4]))).not.toBe(tag);
  });

  it("match an If-None-Match that names them, in a list, weak or as *", () => {
    const tag = etagOf(Buffer.from("tile"));
    expect(matchesEtag(tag, tag)).toBe(true);
    expect(matchesEtag(`"other", ${tag}`, tag)).toBe(true);
    expect(matchesEtag(`W/${tag}`, tag)).toBe(true);
    expect(matchesEtag("*", tag)).toBe(true);
    expect(matchesEtag('"other"', tag)).toBe(false);
    expect(matchesEtag(undefined, tag)).toBe(false);
    expect(matchesEtag("", tag)).toBe(false);
  });
});
