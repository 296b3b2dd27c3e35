/**
 * A GET whose body is handed on in pieces of one buffer read into again and again, for the proxy's read of a whole
 * series (./series-frames.ts): 70 MB for a CT. Node's HTTP client gives every piece of a body a buffer of its own
 * (the socket's read, then the parser's copy); V8 counts that memory, and 70 MB of it in a fraction of a second made
 * it collect Next's whole heap two or three times per series read ("external memory pressure"), while the series was
 * copied once more anyway. Here the socket reads into one buffer (Node's `onread`), and the caller must take what it
 * needs from each piece before returning. Plain HTTP only: over https, the caller uses pacsRequest.
 * HTTP/1.1, one request per connection (Connection: close); the body is framed by Content-Length, chunked transfer
 * coding, or the connection's end.
 */
import net from "node:net";
import { pacsRefusal, pacsTimedOut, pacsUnreachable } from "./pacs-client";
import type { PacsConfig } from "./pacs-config";

const READ_BUFFER_BYTES = 256 * 1024;
const MAX_HEAD_BYTES = 64 * 1024;

export interface RawAnswerHead {
  statusCode: number;
  /** Lower-case names; a repeated header's values joined with ", ". */
  headers: Record<string, string>;
}

export interface RawBodyReader {
  /** The answer's status and headers; throw to stop reading (the connection is closed). */
  head(head: RawAnswerHead): void;
  /** A piece of the body, valid only during the call: the buffer is read into again afterwards. */
  body(piece: Buffer): void;
}

/** Whether a PACS can be read this way (its DICOMweb root is plain http). */
export const readableRaw = (pacs: PacsConfig) => pacs.baseUrl.startsWith("http:");

/** Cuts a chunked body (RFC 9112 7.1) into its data, across pieces cut anywhere. */
class ChunkedBody {
  private remaining = 0;
  private state: "size" | "data" | "data-end" | "trailer" | "done" = "size";
  private line = "";

  get done(): boolean {
    return this.state === "done";
  }

  /** Hands on the data in `piece`. @throws Error on a malformed chunk. */
  write(piece: Buffer, onData: (data: Buffer) => void): void {
    let at = 0;
    while (at < piece.length && this.state !== "done") {
      if (this.state === "data") {
        const take = Math.min(this.remaining, piece.length - at);
        onData(piece.subarray(at, at + take));
        at += take;
        this.remaining -= take;
        if (this.remaining === 0) this.state = "data-end";
        continue;
      }
      const newline = piece.indexOf(10, at);
      const end = newline === -1 ? piece.length : newline;
      this.line += piece.toString("latin1", at, end);
      if (this.line.length > 1024) throw new Error("A chunk's size line is too long.");
      at = end;
      if (newline === -1) break;
      at++;
      const line = this.line.replace(/\r$/, "");
      this.line = "";
      if (this.state === "size") {
        const size = /^([0-9a-fA-F]+)(;.*)?$/.exec(line);
        if (!size) throw new Error("A chunk's size is not a hexadecimal number.");
        this.remaining = parseInt(size[1]!, 16);
        this.state = this.remaining === 0 ? "trailer" : "data";
      } else if (this.state === "data-end") {
        if (line !== "") throw new Error("A chunk does not end where its size says.");
        this.state = "size";
      } else if (line === "") this.state = "done"; // the end of the trailer section
    }
  }
}

function parseHead(text: string): RawAnswerHead {
  const [statusLine, ...lines] = text.split("\r\n");
  const status = /^HTTP\/1\.[01] ([0-9]{3})/.exec(statusLine ?? "");
  if (!status) throw new Error("The answer is not HTTP/1.1.");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  return { statusCode: Number(status[1]), headers };
}

/**
 * GETs `path` under the PACS's DICOMweb root with its credentials, within its deadline for the whole answer, and
 * hands the answer on to `reader`. Resolves once the body has ended; rejects with PacsUnavailableError as pacsRequest
 * does (no connection, deadline, credentials refused, a PACS error), or with an Error when the answer is malformed or
 * cut off, or the reader throws.
 */
export function rawGet(pacs: PacsConfig, path: string, accept: string, reader: RawBodyReader): Promise<void> {
  const url = new URL(`${pacs.baseUrl}/${path.replace(/^\/+/, "")}`);
  if (url.protocol !== "http:") return Promise.reject(new Error("rawGet reads plain http only."));
  const lines = [`GET ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`, `Accept: ${accept}`, "Connection: close"];
  if (pacs.authorization) lines.push(`Authorization: ${pacs.authorization}`);
  const request = `${lines.join("\r\n")}\r\n\r\n`;

  return new Promise((resolve, reject) => {
    /** The answer's head as it has arrived so far; null once it has all arrived. */
    let head: Buffer | null = Buffer.alloc(0);
    let length: number | null = null;
    let received = 0;
    let chunked: ChunkedBody | null = null;
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    const deadline = setTimeout(() => finish(pacsTimedOut(pacs)), pacs.timeoutMs);

    const onBody = (piece: Buffer) => {
      if (chunked) {
        chunked.write(piece, reader.body);
        if (chunked.done) finish();
        return;
      }
      const take = length === null ? piece : piece.subarray(0, Math.max(0, length - received));
      received += take.length;
      if (take.length > 0) reader.body(take);
      if (length !== null && received >= length) finish();
    };

    const onHead = (piece: Buffer): Buffer | null => {
      // A copy: the piece's buffer is read into again.
      const sofar = Buffer.concat([head!, piece]);
      const end = sofar.indexOf("\r\n\r\n");
      if (end === -1) {
        if (sofar.length > MAX_HEAD_BYTES) throw new Error("The answer's headers are too long.");
        head = sofar;
        return null;
      }
      head = null;
      const answer = parseHead(sofar.toString("latin1", 0, end));
      const refusal = pacsRefusal(pacs, answer.statusCode);
      if (refusal) throw refusal;
      if (/\bchunked\b/i.test(answer.headers["transfer-encoding"] ?? "")) chunked = new ChunkedBody();
      else if (/^[0-9]+$/.test(answer.headers["content-length"] ?? "")) length = Number(answer.headers["content-length"]);
      reader.head(answer);
      if (length === 0) finish();
      // What came after the headers in this piece: a view of the head's own copy, so still valid.
      return sofar.subarray(end + 4);
    };

    const socket = net.connect({
      host: url.hostname.replace(/^\[(.*)\]$/, "$1"), // an IPv6 address without its brackets
      port: Number(url.port || 80),
      noDelay: true,
      onread: {
        buffer: Buffer.allocUnsafe(READ_BUFFER_BYTES),
        callback: (bytes: number, buffer: Uint8Array) => {
          if (settled) return false;
          try {
            let piece: Buffer | null = Buffer.from(buffer.buffer, buffer.byteOffset, bytes);
            if (head) piece = onHead(piece);
            if (piece && piece.length > 0 && !settled) onBody(piece);
          } catch (error) {
            finish(error as Error);
            return false;
          }
          return true;
        },
      },
    });
    socket.on("connect", () => socket.write(request));
    socket.on("error", () => finish(head ? pacsUnreachable(pacs) : new Error("The PACS's answer was cut off.")));
    socket.on("end", () => {
      // The connection's end frames a body without length; otherwise it came too soon.
      if (!head && !chunked && length === null) finish();
      else finish(new Error("The PACS's answer was cut off."));
    });
    socket.on("close", () => finish(new Error("The PACS's answer was cut off.")));
  });
}
