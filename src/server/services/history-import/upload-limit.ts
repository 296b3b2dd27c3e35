/** The largest history file an upload may send (CONCILIUM_MAX_HISTORY_IMPORT_BYTES, default 50 MiB). */
export function maxHistoryImportBytes(): number {
  const configured = Number(process.env.CONCILIUM_MAX_HISTORY_IMPORT_BYTES);
  return Number.isFinite(configured) && configured > 0 ? configured : 50 * 1024 * 1024;
}

export const historyTooLargeMessage = (limit: number) =>
  `The file is larger than ${formatBytes(limit)}, the limit for one history import (CONCILIUM_MAX_HISTORY_IMPORT_BYTES). Split it into several files: a re-import by case id never duplicates.`;

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

/** Raised by `limitBytes` while the upload is read: the answer is 413. */
export class UploadTooLarge extends Error {
  constructor(readonly limit: number) {
    super(historyTooLargeMessage(limit));
    this.name = "UploadTooLarge";
  }
}

/** The upload's chunks as they arrive, stopping with UploadTooLarge past `limit` bytes (a chunked body names no length). */
export async function* limitBytes(body: AsyncIterable<Uint8Array>, limit: number): AsyncGenerator<Uint8Array> {
  let received = 0;
  for await (const chunk of body) {
    received += chunk.length;
    if (received > limit) throw new UploadTooLarge(limit);
    yield chunk;
  }
}
