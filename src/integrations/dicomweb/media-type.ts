/** Media types and Accept headers as DICOMweb uses them: `multipart/related; type="..."; transfer-syntax=...`. */
export interface MediaType {
  /** Lower case, e.g. "multipart/related". */
  type: string;
  /** Parameter names in lower case, values unquoted. */
  params: Record<string, string>;
}

/** Splits on a separator outside double quotes. */
function splitOutsideQuotes(value: string, separator: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (const char of value) {
    if (char === '"') quoted = !quoted;
    if (char === separator && !quoted) {
      parts.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

export function parseMediaType(value: string): MediaType {
  const [type = "", ...rest] = splitOutsideQuotes(value, ";").map((p) => p.trim());
  const params: Record<string, string> = {};
  for (const param of rest) {
    const eq = param.indexOf("=");
    if (eq <= 0) continue;
    const name = param.slice(0, eq).trim().toLowerCase();
    let v = param.slice(eq + 1).trim();
    if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1);
    params[name] = v;
  }
  return { type: type.toLowerCase(), params };
}

/** The media ranges of an Accept header, most preferred first (by q, then order). Empty when absent. */
export function parseAccept(header: string | null | undefined): MediaType[] {
  if (!header?.trim()) return [];
  return splitOutsideQuotes(header, ",")
    .map((range, index) => ({ media: parseMediaType(range), index }))
    .filter(({ media }) => media.type !== "")
    .map(({ media, index }) => ({ media, index, q: media.params.q === undefined ? 1 : Number(media.params.q) }))
    .filter(({ q }) => Number.isFinite(q) && q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map(({ media }) => media);
}

export function formatMediaType(type: string, params: Record<string, string | undefined> = {}): string {
  const rendered = Object.entries(params)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => (/^[A-Za-z0-9.*+-]+$/.test(value) && name !== "type" ? `${name}=${value}` : `${name}="${value}"`));
  return [type, ...rendered].join("; ");
}
