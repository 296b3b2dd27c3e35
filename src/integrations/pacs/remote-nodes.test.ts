import { describe, expect, it } from "vitest";
import { remoteNodesFromEnv } from "./remote-nodes";

describe("remote DICOMweb nodes from the environment", () => {
  it("reads each listed node with its own name, credentials and deadline", () => {
    const nodes = remoteNodesFromEnv({
      CONCILIUM_REMOTE_NODES: "st-elsewhere, regional",
      CONCILIUM_REMOTE_ST_ELSEWHERE_URL: "https://pacs.elsewhere.example/dicom-web/",
      CONCILIUM_REMOTE_ST_ELSEWHERE_NAME: "St Elsewhere",
      CONCILIUM_REMOTE_ST_ELSEWHERE_USERNAME: "concilium",
      CONCILIUM_REMOTE_ST_ELSEWHERE_PASSWORD: "s3cret",
      CONCILIUM_REMOTE_REGIONAL_URL: "http://127.0.0.1:8042/dicom-web",
      CONCILIUM_REMOTE_REGIONAL_TOKEN: "tok",
      CONCILIUM_REMOTE_REGIONAL_TIMEOUT_MS: "2500",
    });
    expect(nodes).toEqual([
      { id: "st-elsewhere", name: "St Elsewhere", baseUrl: "https://pacs.elsewhere.example/dicom-web", authorization: `Basic ${Buffer.from("concilium:s3cret").toString("base64")}`, timeoutMs: 10_000 },
      { id: "regional", name: "regional", baseUrl: "http://127.0.0.1:8042/dicom-web", authorization: "Bearer tok", timeoutMs: 2500 },
    ]);
  });

  it("is empty when nothing is configured and refuses a node without a valid URL", () => {
    expect(remoteNodesFromEnv({})).toEqual([]);
    expect(() => remoteNodesFromEnv({ CONCILIUM_REMOTE_NODES: "x" })).toThrow("CONCILIUM_REMOTE_X_URL is not set");
    expect(() => remoteNodesFromEnv({ CONCILIUM_REMOTE_NODES: "x", CONCILIUM_REMOTE_X_URL: "ftp://x" })).toThrow("CONCILIUM_REMOTE_X_URL must be an http or https URL.");
    expect(() => remoteNodesFromEnv({ CONCILIUM_REMOTE_NODES: "../etc" })).toThrow("not a valid node key");
  });
});
