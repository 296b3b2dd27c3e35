/** multipart/related bodies (RFC 2387) as STOW-RS receives them and WADO-RS sends them. */
import { randomBytes } from "node:crypto";

export interface MultipartPart {
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: Uint8Array;
}

export class MultipartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MultipartError";
  }
}

const CRLF = Buffer.from("\r\n");

function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/**
 * Splits a multipart body on its boundary. Parts are views into `body` (no copy). Tolerates a preamble, bare LF line
 * ends and a missing final CRLF; refuses a body without any part or without its closing delimiter.
 */
export function parseMultipart(body: Uint8Array, boundary: string): MultipartPart[] {
  if (!boundary || boundary.length > 200) throw new MultipartError("The multipart body has no valid boundary.");
  const buffer = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const delimiter = Buffer.from(`--${boundary}`);
  let position = buffer.indexOf(delimiter);
  if (position === -1) throw new MultipartError("The multipart body does not contain its boundary.");
  const parts: MultipartPart[] = [];
  for (;;) {
    let cursor = position + delimiter.length;
    if (buffer[cursor] === 0x2d && buffer[cursor + 1] === 0x2d) return parts; // closing delimiter "--boundary--"
    // Skip transport padding up to the end of the delimiter line.
    const lineEnd = buffer.indexOf(0x0a, cursor);
    if (lineEnd === -1) break;
    cursor = lineEnd + 1;
    let headerEnd = buffer.indexOf("\r\n\r\n", cursor);
    let bodyStart = headerEnd + 4;
    const bareEnd = buffer.indexOf("\n\n", cursor);
    if (bareEnd !== -1 && (headerEnd === -1 || bareEnd < headerEnd)) {
      headerEnd = bareEnd;
      bodyStart = bareEnd + 2;
    }
    // A part without headers starts with its body right after the delimiter line's CRLF.
    if (buffer[cursor] === 0x0d && buffer[cursor + 1] === 0x0a) {
      headerEnd = cursor;
      bodyStart = cursor + 2;
    } else if (buffer[cursor] === 0x0a) {
      headerEnd = cursor;
      bodyStart = cursor + 1;
    }
    if (headerEnd === -1) break;
    const next = buffer.indexOf(delimiter, bodyStart);
    if (next === -1) break;
    let bodyEnd = next;
    if (buffer[bodyEnd - 1] === 0x0a) bodyEnd -= 1;
    if (buffer[bodyEnd - 1] === 0x0d) bodyEnd -= 1;
    parts.push({ headers: parseHeaders(buffer.toString("latin1", cursor, headerEnd)), body: body.subarray(bodyStart, Math.max(bodyStart, bodyEnd)) });
    position = next;
  }
  throw new MultipartError("The multipart body ends before its closing boundary: was the upload cut off?");
}

export interface OutgoingPart {
  contentType: string;
  body: Uint8Array;
  headers?: Record<string, string>;
}

export function newBoundary(): string {
  return `concilium-${randomBytes(16).toString("hex")}`;
}

/** One multipart body: `--boundary CRLF headers CRLF CRLF body CRLF` per part, then `--boundary--`. */
export function writeMultipart(parts: OutgoingPart[], boundary: string = newBoundary()): { body: Uint8Array; boundary: string } {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const headers = { "Content-Type": part.contentType, ...part.headers };
    const head = `--${boundary}\r\n${Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}`)
      .join("\r\n")}\r\n\r\n`;
    chunks.push(Buffer.from(head, "latin1"), Buffer.from(part.body.buffer, part.body.byteOffset, part.body.byteLength), CRLF);
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  const joined = Buffer.concat(chunks);
  return { body: new Uint8Array(joined.buffer, joined.byteOffset, joined.byteLength), boundary };
}
