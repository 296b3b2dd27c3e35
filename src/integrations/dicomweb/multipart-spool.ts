/**
 * Receives a multipart body from a stream in one pass and writes the parts' bodies, one after another, into a single
 * spool file on disk: memory holds one network chunk at a time, however large the upload. Each part is then read back
 * on its own, when it is its turn to be imported. `close()` removes the spool.
 */
import { mkdir, mkdtemp, open, rm, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { MultipartError, MultipartReader } from "./multipart";

export interface SpooledPart {
  /** Header names in lower case. */
  headers: Record<string, string>;
  size: number;
  read(): Promise<Uint8Array>;
}

export interface Spool {
  parts: SpooledPart[];
  close(): Promise<void>;
}

export interface SpoolOptions {
  /** A folder on disk (not a RAM disk such as a tmpfs /tmp): the spool is made in a fresh folder inside it. */
  directory: string;
  maxParts: number;
  /** The whole body, envelope included. */
  maxBytes: number;
  /** The error thrown when the body is larger than maxBytes. */
  tooLarge: () => Error;
}

async function readRange(handle: FileHandle, offset: number, size: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(size);
  let done = 0;
  while (done < size) {
    const { bytesRead } = await handle.read(bytes, done, size - done, offset + done);
    if (bytesRead === 0) throw new Error("The spooled upload is shorter than expected.");
    done += bytesRead;
  }
  return bytes;
}

async function drain(source: ReadableStreamDefaultReader<Uint8Array>, budget: number) {
  let left = budget;
  while (left > 0) {
    const { done, value } = await source.read().catch(() => ({ done: true, value: undefined }));
    if (done || !value) return;
    left -= value.byteLength;
  }
}

/** @throws MultipartError (TooManyPartsError among them) for a malformed body, or `tooLarge()`; nothing is left on disk then. */
export async function spoolMultipart(stream: ReadableStream<Uint8Array> | null, boundary: string, options: SpoolOptions): Promise<Spool> {
  const reader = new MultipartReader(boundary, { maxParts: options.maxParts });
  await mkdir(options.directory, { recursive: true });
  const folder = await mkdtemp(path.join(options.directory, "stow-"));
  let handle: FileHandle | null = null;
  const close = async () => {
    await handle?.close().catch(() => undefined);
    handle = null;
    await rm(folder, { recursive: true, force: true });
  };
  const records: { headers: Record<string, string>; offset: number; size: number }[] = [];
  let written = 0;
  let received = 0;
  const source = stream?.getReader();
  try {
    while (source) {
      const { done, value } = await source.read();
      if (done) break;
      received += value.byteLength;
      if (received > options.maxBytes) throw options.tooLarge();
      for (const event of reader.write(value)) {
        if (event.type === "part") records.push({ headers: event.headers, offset: written, size: 0 });
        else if (event.type === "data") {
          handle ??= await open(path.join(folder, "parts"), "w+");
          await handle.write(event.bytes, 0, event.bytes.byteLength, written);
          written += event.bytes.byteLength;
          records.at(-1)!.size += event.bytes.byteLength;
        }
      }
      // Anything after the closing delimiter is epilogue: not worth reading.
      if (reader.finished) {
        await source.cancel().catch(() => undefined);
        break;
      }
    }
    reader.end();
  } catch (error) {
    // A client that is still sending when we refuse would see a reset connection instead of our answer: read on
    // (without parsing, within the size limit) so that it gets the answer.
    if (source && error instanceof MultipartError) await drain(source, options.maxBytes - received);
    await source?.cancel().catch(() => undefined);
    await close();
    throw error;
  }
  const parts = records.map((r) => ({
    headers: r.headers,
    size: r.size,
    read: async () => (r.size === 0 || !handle ? new Uint8Array(0) : readRange(handle, r.offset, r.size)),
  }));
  return { parts, close };
}
