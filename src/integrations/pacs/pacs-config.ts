/** An external DICOMweb PACS, configured per site through the environment. Its credentials never reach the browser. */
export interface PacsConfig {
  name: string;
  /** The DICOMweb root, e.g. http://127.0.0.1:8042/dicom-web (no trailing slash). */
  baseUrl: string;
  /** Sent with every request: Basic credentials or a bearer token. */
  authorization: string | null;
  timeoutMs: number;
}

export class PacsConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PacsConfigError";
  }
}

/**
 * CONCILIUM_PACS_URL switches the external PACS on; CONCILIUM_PACS_USERNAME/_PASSWORD or CONCILIUM_PACS_TOKEN
 * authenticate; CONCILIUM_PACS_NAME names it for users; CONCILIUM_PACS_TIMEOUT_MS bounds each request (default 10 s).
 */
export function pacsFromEnv(env: Record<string, string | undefined> = process.env): PacsConfig | null {
  const raw = env.CONCILIUM_PACS_URL;
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new PacsConfigError("CONCILIUM_PACS_URL is not a valid URL.");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new PacsConfigError("CONCILIUM_PACS_URL must be an http or https URL.");
  const authorization = env.CONCILIUM_PACS_TOKEN
    ? `Bearer ${env.CONCILIUM_PACS_TOKEN}`
    : env.CONCILIUM_PACS_USERNAME
      ? `Basic ${Buffer.from(`${env.CONCILIUM_PACS_USERNAME}:${env.CONCILIUM_PACS_PASSWORD ?? ""}`).toString("base64")}`
      : null;
  const timeoutMs = Number(env.CONCILIUM_PACS_TIMEOUT_MS ?? 10_000);
  return {
    name: env.CONCILIUM_PACS_NAME ?? url.host,
    baseUrl: url.toString().replace(/\/+$/, ""),
    authorization,
    timeoutMs: Number.isFinite(timeoutMs) && timeoutMs > 0 ? timeoutMs : 10_000,
  };
}
