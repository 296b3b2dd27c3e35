/** Whether an Accept-Encoding header admits gzip (RFC 9110 12.5.3: a listed gzip or *, unless its q is 0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let wildcard = false;
  for (const item of header.split(",")) {
    const [coding = "", ...params] = item.trim().toLowerCase().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const refused = q !== undefined && Number(q.slice(2)) === 0;
    if (coding.trim() === "gzip") return !refused;
    if (coding.trim() === "*") wildcard = !refused;
  }
  return wildcard;
}
