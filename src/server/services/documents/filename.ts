/** A file name safe in a Content-Disposition header and on every file system: ASCII letters, digits, dots, dashes. */
export function cleanFilename(parts: (string | number | null | undefined)[], extension: string): string {
  const base = parts
    .filter((p) => p !== null && p !== undefined && p !== "")
    .map((p) =>
      String(p)
        .normalize("NFKD")
        .replace(/\p{M}+/gu, "")
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, ""),
    )
    .filter(Boolean)
    .join("-")
    .slice(0, 120);
  return `${base || "document"}.${extension}`;
}

/** `attachment; filename="x.pdf"` (the name is already plain ASCII). */
export const attachment = (filename: string) => `attachment; filename="${filename}"`;

/** The calendar date of a meeting in the server's time zone, e.g. 2026-03-03. */
export function localDate(d: Date): string {
  const y = d.getFullYear();
  const m = String(d.getMonth() + 1).padStart(2, "0");
  const day = String(d.getDate()).padStart(2, "0");
  return `${y}-${m}-${day}`;
}
