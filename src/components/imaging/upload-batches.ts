/** Splits files into upload batches (at most `maxFiles` and `maxBytes` each; a larger file travels alone). */
export function planBatches<T extends { size: number }>(files: T[], maxFiles: number, maxBytes: number): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const file of files) {
    if (current.length > 0 && (current.length >= maxFiles || bytes + file.size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += file.size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** A STOW-RS request body: multipart/related with one application/dicom part per file. */
export function stowBody(files: { file: Blob; name: string }[], boundary: string): Blob {
  const parts: BlobPart[] = [];
  for (const { file, name } of files) {
    parts.push(`--${boundary}\r\nContent-Type: application/dicom\r\nContent-Location: ${encodeURIComponent(name)}\r\n\r\n`, file, "\r\n");
  }
  parts.push(`--${boundary}--\r\n`);
  return new Blob(parts);
}
