/**
 * Documents stored with a case (reports, letters): their kinds, and what a file really is, decided by its first
 * bytes: a browser's content type and a file's extension say what the sender claims, not what the file holds.
 */
export const CASE_DOCUMENT_KINDS = ["PATHOLOGY_REPORT", "RADIOLOGY_REPORT", "LETTER", "OTHER"] as const;
export type CaseDocumentKind = (typeof CASE_DOCUMENT_KINDS)[number];

export const CASE_DOCUMENT_KIND_LABELS: Record<CaseDocumentKind, string> = {
  PATHOLOGY_REPORT: "Pathology report",
  RADIOLOGY_REPORT: "Radiology report",
  LETTER: "Letter",
  OTHER: "Other document",
};

/** The types a case document may have: what the board can open inline in a browser, safely. */
export type CaseDocumentType = { contentType: "application/pdf"; extension: "pdf" } | { contentType: "image/png"; extension: "png" } | { contentType: "image/jpeg"; extension: "jpg" };

const startsWith = (bytes: Uint8Array, signature: readonly number[]) => bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);

/** A PDF, PNG or JPEG by its magic bytes, or null for anything else (text, HTML, a PNG renamed .pdf is a PNG). */
export function sniffDocumentType(bytes: Uint8Array): CaseDocumentType | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { contentType: "application/pdf", extension: "pdf" }; // %PDF-
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { contentType: "image/png", extension: "png" };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { contentType: "image/jpeg", extension: "jpg" };
  return null;
}

/** What the file chosen claims to be, from its name: to tell the sender "this .pdf is not a PDF". */
export function claimedExtension(fileName: string): string | null {
  const match = /\.([a-z0-9]{1,8})$/i.exec(fileName);
  return match ? match[1]!.toLowerCase() : null;
}

const EXTENSIONS_OF: Record<CaseDocumentType["contentType"], readonly string[]> = { "application/pdf": ["pdf"], "image/png": ["png"], "image/jpeg": ["jpg", "jpeg"] };

/**
 * The type of an acceptable file, or why it is refused: not a PDF/PNG/JPEG at all, or named as one of them while it
 * is another (a PNG renamed .pdf would open as something else than the board expects).
 */
export function checkDocumentType(fileName: string, bytes: Uint8Array): { ok: true; type: CaseDocumentType } | { ok: false; message: string } {
  const type = sniffDocumentType(bytes);
  const claimed = claimedExtension(fileName);
  const claimsKnownType = claimed !== null && Object.values(EXTENSIONS_OF).some((list) => list.includes(claimed));
  if (type && (!claimsKnownType || EXTENSIONS_OF[type.contentType].includes(claimed!))) return { ok: true, type };
  const claim = claimed ? `"${fileName}" is not really a ${claimed.toUpperCase()} file` : `"${fileName}" is not a PDF or image`;
  const actually = type ? ` (it is a ${type.extension === "pdf" ? "PDF" : `${type.extension.toUpperCase()} image`})` : "";
  return { ok: false, message: `${claim}${actually}: only PDF documents (and PNG or JPEG images) can be attached.` };
}

export function formatByteSize(bytes: number): string {
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1).replace(/\.0$/, "")} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}
