import { describe, expect, it } from "vitest";
import { pacsFromEnv, PacsConfigError } from "./pacs-config";

describe("pacsFromEnv", () => {
  it("is off without a URL", () => {
    expect(pacsFromEnv({})).toBeNull();
  });

  it("reads the URL, a name, basic credentials and the timeout", () => {
    expect(
      pacsFromEnv({ CONCILIUM_PACS_URL: "http://127.0.0.1:8042/dicom-web/", CONCILIUM_PACS_NAME: "Main PACS", CONCILIUM_PACS_USERNAME: "u", CONCILIUM_PACS_PASSWORD: "p", CONCILIUM_PACS_TIMEOUT_MS: "2500" }),
    ).toEqual({ name: "Main PACS", baseUrl: "http://127.0.0.1:8042/dicom-web", authorization: `Basic ${Buffer.from("u:p").toString("base64")}`, timeoutMs: 2500 });
  });

  it("prefers a bearer token and falls back to a sane timeout", () => {
    const pacs = pacsFromEnv({ CONCILIUM_PACS_URL: "https://pacs.example/dicomweb", CONCILIUM_PACS_TOKEN: "t", CONCILIUM_PACS_TIMEOUT_MS: "soon" });
    expect(pacs).toMatchObject({ name: "pacs.example", authorization: "Bearer t", timeoutMs: 10_000 });
  });

  it("refuses a URL that is not http(s)", () => {
    expect(() => pacsFromEnv({ CONCILIUM_PACS_URL: "file:///etc" })).toThrow(PacsConfigError);
    expect(() => pacsFromEnv({ CONCILIUM_PACS_URL: "not a url" })).toThrow("CONCILIUM_PACS_URL is not a valid URL.");
  });
});
