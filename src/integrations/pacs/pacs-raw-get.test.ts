import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { PacsUnavailableError } from "./pacs-client";
import type { PacsConfig } from "./pacs-config";
import { rawGet } from "./pacs-raw-get";

// A PACS written by hand, byte for byte: the reader must find the head and the chunks wherever TCP cuts them.
let server: Server | null = null;
/** The request the PACS received last. */
let received = "";

async function pacsSending(pieces: (string | Buffer)[], then: "close" | "stay" = "close"): Promise<PacsConfig> {
  server = createServer((socket: Socket) => {
    socket.once("data", async (request: Buffer) => {
      received = request.toString("latin1");
      for (const piece of pieces) {
        socket.write(piece);
        // Each piece its own read at the other end.
        await new Promise((r) => setTimeout(r, 5));
      }
      if (then === "close") socket.end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return { name: "hand-written", baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/dicom-web`, authorization: "Basic eDp5", timeoutMs: 2_000 };
}

afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function read(pacs: PacsConfig) {
  const pieces: Buffer[] = [];
  let status = 0;
  await rawGet(pacs, "studies/1.2/series/1.2.3", "*/*", { head: (h) => void (status = h.statusCode), body: (piece) => pieces.push(Buffer.from(piece)) });
  return { status, body: Buffer.concat(pieces).toString("latin1") };
}

describe("a GET read from the socket into one buffer", () => {
  it("finds the head and a chunked body however the pieces fall, chunk sizes and extensions included", async () => {
    const pacs = await pacsSending(["HTTP/1.1 200 OK\r\nTransfer-Enc", "oding: chunked\r\nContent-Type: text/plain\r", "\n\r\n5;ext=1\r\nhel", "lo\r\n", "6\r\n world\r\n0", "\r\n\r\n"], "stay");
    expect(await read(pacs)).toEqual({ status: 200, body: "hello world" });
    // Under the configured root, with the site's credentials, one request per connection.
    expect(received.split("\r\n")).toEqual(expect.arrayContaining(["GET /dicom-web/studies/1.2/series/1.2.3 HTTP/1.1", "Accept: */*", "Connection: close", "Authorization: Basic eDp5"]));
  });

  it("reads a body framed by Content-Length, or by the end of the connection", async () => {
    expect(await read(await pacsSending(["HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab", "cde"], "stay"))).toEqual({ status: 200, body: "abcde" });
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    expect(await read(await pacsSending(["HTTP/1.1 200 OK\r\n\r\nuntil ", "the end"]))).toEqual({ status: 200, body: "until the end" });
  });

  it("says what is wrong: refused credentials, a PACS error, a malformed chunk, headers without end, an answer cut off, a PACS that does not answer in time", async () => {
    const cases: [(string | Buffer)[], RegExp, "close" | "stay"][] = [
      [["HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n"], /refused Concilium's credentials/, "close"],
      [["HTTP/1.1 503 Busy\r\nContent-Length: 0\r\n\r\n"], /answered with an error \(HTTP 503\)/, "close"],
      [["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"], /not a hexadecimal number/, "stay"],
      [["HTTP/1.1 200 OK\r\n", Buffer.alloc(70 * 1024, "x")], /headers are too long/, "stay"],
      [["HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"], /cut off/, "close"],
      [["HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"], /did not answer within 2 s/, "stay"],
    ];
    for (const [pieces, message, then] of cases) {
      await expect(read(await pacsSending(pieces, then)), String(message)).rejects.toThrow(message);
      await new Promise<void>((resolve) => server!.close(() => resolve()));
      server = null;
    }
  });

  it("says the PACS cannot be reached when nothing listens, as the PACS client says it", async () => {
    const error = await read({ name: "nobody", baseUrl: "http://127.0.0.1:9/dicom-web", authorization: null, timeoutMs: 2_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PacsUnavailableError);
    expect((error as Error).message).toBe('The PACS "nobody" cannot be reached; it may be down.');
  });
});
