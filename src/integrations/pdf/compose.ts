/**
 * A small page composer on pdf-lib: A4 pages, Helvetica, wrapped paragraphs, label/value lines, simple tables,
 * automatic page breaks and a "Page n of m" footer on every page. Text is made safe for the standard fonts'
 * WinAnsi encoding first (see toWinAnsi), so that no name can make a document fail to render.
 */
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from "pdf-lib";
import { toWinAnsi } from "./win-ansi";

export const A4 = { width: 595.28, height: 841.89 } as const;
const MARGIN = { top: 56, bottom: 56, left: 56, right: 56 };
const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.38, 0.4, 0.45);
const ACCENT = rgb(0.05, 0.35, 0.55);
const WARN = rgb(0.6, 0.15, 0.1);

export type Tone = "ink" | "muted" | "accent" | "warn";
const TONES = { ink: INK, muted: MUTED, accent: ACCENT, warn: WARN } as const;

export interface TextStyle {
  size?: number;
  bold?: boolean;
  tone?: Tone;
  indent?: number;
  /** Space after the block, in points. */
  after?: number;
}

export interface Column {
  header: string;
  /** Share of the content width (the shares of a table add up to 1). */
  width: number;
  align?: "left" | "right";
}

export interface DocumentInfo {
  title: string;
  subject?: string;
  /** Shown at the foot of every page beside the page number. */
  footer?: string;
  /** Fixed for reproducible output; defaults to now. */
  createdAt?: Date;
}

// Glyph advance widths per font at size 1000, so that measuring a word is a sum rather than a pdf-lib encoding pass.
const advanceCache = new WeakMap<PDFFont, Map<string, number>>();

/** The width of `text` without kerning: within a point or so of pdf-lib's own measure for a line of text. */
function approximateWidth(font: PDFFont, text: string, size: number): number {
  let cache = advanceCache.get(font);
  if (!cache) advanceCache.set(font, (cache = new Map()));
  let sum = 0;
  for (const char of text) {
    let w = cache.get(char);
    if (w === undefined) cache.set(char, (w = font.widthOfTextAtSize(char, 1000)));
    sum += w;
  }
  return (sum * size) / 1000;
}

/**
 * Splits text into lines that fit `width` at `size`, breaking at spaces and, for overlong words, inside them.
 * Word widths are measured once and added up; only a line within a point of the limit is measured whole (kerning).
 */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  const measure = (s: string) => approximateWidth(font, s, size);
  const spaceWidth = measure(" ");
  for (const paragraph of toWinAnsi(text).split("\n")) {
    const words = paragraph.split(/[ \t]+/).filter((w) => w.length > 0);
    if (words.length === 0) {
      lines.push("");
      continue;
    }
    let line = "";
    let lineWidth = 0;
    for (let word of words) {
      let wordWidth = measure(word);
      const candidateWidth = line ? lineWidth + spaceWidth + wordWidth : wordWidth;
      if (candidateWidth <= width - 1 || (candidateWidth <= width + 1 && font.widthOfTextAtSize(line ? `${line} ${word}` : word, size) <= width)) {
        line = line ? `${line} ${word}` : word;
        lineWidth = candidateWidth;
        continue;
      }
      if (line) lines.push(line);
      // A word wider than the line (a long URL, an identifier) is cut where it must be.
      while (font.widthOfTextAtSize(word, size) > width && word.length > 1) {
        let cut = word.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(word.slice(0, cut), size) > width) cut--;
        lines.push(word.slice(0, cut));
        word = word.slice(cut);
        wordWidth = measure(word);
      }
      line = word;
      lineWidth = wordWidth;
    }
    lines.push(line);
  }
  return lines;
}

export class Composer {
  private page!: PDFPage;
  private y = 0;
  private readonly pages: PDFPage[] = [];

  private constructor(
    readonly doc: PDFDocument,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
    private readonly info: DocumentInfo,
  ) {
    this.newPage();
  }

  static async create(info: DocumentInfo): Promise<Composer> {
    const doc = await PDFDocument.create();
    const created = info.createdAt ?? new Date();
    doc.setTitle(toWinAnsi(info.title));
    if (info.subject) doc.setSubject(toWinAnsi(info.subject));
    doc.setProducer("Concilium");
    doc.setCreator("Concilium");
    doc.setCreationDate(created);
    doc.setModificationDate(created);
    const [regular, bold] = await Promise.all([doc.embedFont(StandardFonts.Helvetica), doc.embedFont(StandardFonts.HelveticaBold)]);
    return new Composer(doc, regular, bold, info);
  }

  get contentWidth(): number {
    return A4.width - MARGIN.left - MARGIN.right;
  }

  /** Space left on the current page, in points. */
  get remaining(): number {
    return this.y - MARGIN.bottom;
  }

  newPage(): void {
    this.page = this.doc.addPage([A4.width, A4.height]);
    this.pages.push(this.page);
    this.y = A4.height - MARGIN.top;
  }

  /** Starts a new page unless `height` points still fit on this one. */
  ensureSpace(height: number): void {
    if (this.y - height < MARGIN.bottom) this.newPage();
  }

  space(points: number): void {
    this.y -= points;
    if (this.y < MARGIN.bottom) this.newPage();
  }

  private fontOf(style: TextStyle): PDFFont {
    return style.bold ? this.bold : this.regular;
  }

  /** Wrapped text; breaks across pages line by line. */
  text(text: string, style: TextStyle = {}): void {
    const size = style.size ?? 10;
    const font = this.fontOf(style);
    const indent = style.indent ?? 0;
    const leading = size * 1.3;
    for (const line of wrapText(text, font, size, this.contentWidth - indent)) {
      this.ensureSpace(leading);
      this.y -= leading;
      if (line) this.page.drawText(line, { x: MARGIN.left + indent, y: this.y + size * 0.25, size, font, color: TONES[style.tone ?? "ink"] });
    }
    if (style.after) this.space(style.after);
  }

  heading(text: string, level: 1 | 2 | 3 = 2): void {
    const size = level === 1 ? 16 : level === 2 ? 12.5 : 10.5;
    // Keep a heading with at least two lines of what follows it.
    this.ensureSpace(size * 1.3 + 30);
    if (level < 3) this.space(level === 1 ? 0 : 6);
    this.text(text, { size, bold: true, tone: level === 1 ? "ink" : "accent", after: level === 1 ? 6 : 3 });
  }

  /** "Label: value" with the label in bold and the value wrapped under a hanging indent. */
  field(label: string, value: string, style: TextStyle = {}): void {
    const size = style.size ?? 10;
    const labelWidth = Math.min(150, this.contentWidth * 0.3);
    const indent = style.indent ?? 0;
    const leading = size * 1.3;
    const lines = wrapText(value || "—", this.regular, size, this.contentWidth - indent - labelWidth);
    const labelLines = wrapText(label, this.bold, size, labelWidth - 6);
    const rows = Math.max(lines.length, labelLines.length);
    for (let i = 0; i < rows; i++) {
      this.ensureSpace(leading);
      this.y -= leading;
      const base = this.y + size * 0.25;
      if (labelLines[i]) this.page.drawText(labelLines[i]!, { x: MARGIN.left + indent, y: base, size, font: this.bold, color: MUTED });
      if (lines[i]) this.page.drawText(lines[i]!, { x: MARGIN.left + indent + labelWidth, y: base, size, font: this.regular, color: TONES[style.tone ?? "ink"] });
    }
    if (style.after) this.space(style.after);
  }

  rule(): void {
    this.ensureSpace(8);
    this.y -= 4;
    this.page.drawLine({ start: { x: MARGIN.left, y: this.y }, end: { x: A4.width - MARGIN.right, y: this.y }, thickness: 0.5, color: MUTED });
    this.y -= 4;
  }

  /** A table whose rows wrap within their cells and never split across pages; the header repeats on each page. */
  table(columns: Column[], rows: string[][], size = 9): void {
    const leading = size * 1.3;
    const widths = columns.map((c) => c.width * this.contentWidth);
    const drawRow = (cells: string[], font: PDFFont, tone: Tone) => {
      const wrapped = cells.map((cell, i) => wrapText(cell, font, size, widths[i]! - 6));
      const height = Math.max(1, ...wrapped.map((l) => l.length)) * leading + 4;
      return { wrapped, height, font, tone };
    };
    const header = drawRow(
      columns.map((c) => c.header),
      this.bold,
      "muted",
    );
    const paint = (row: ReturnType<typeof drawRow>) => {
      let x = MARGIN.left;
      row.wrapped.forEach((lines, i) => {
        lines.forEach((line, j) => {
          if (!line) return;
          const width = row.font.widthOfTextAtSize(line, size);
          const dx = columns[i]!.align === "right" ? widths[i]! - 6 - width : 0;
          this.page.drawText(line, { x: x + dx, y: this.y - (j + 1) * leading + size * 0.25, size, font: row.font, color: TONES[row.tone] });
        });
        x += widths[i]!;
      });
      this.y -= row.height;
      this.page.drawLine({ start: { x: MARGIN.left, y: this.y + 2 }, end: { x: A4.width - MARGIN.right, y: this.y + 2 }, thickness: 0.25, color: MUTED });
    };
    this.ensureSpace(header.height * 2);
    paint(header);
    for (const cells of rows) {
      const row = drawRow(cells, this.regular, "ink");
      if (this.y - row.height < MARGIN.bottom) {
        this.newPage();
        paint(header);
      }
      paint(row);
    }
    this.space(6);
  }

  /** Writes the footers ("Page n of m") and returns the file. */
  async finish(): Promise<Uint8Array> {
    const total = this.pages.length;
    const footer = this.info.footer ? toWinAnsi(this.info.footer) : "";
    this.pages.forEach((page, index) => {
      const label = `Page ${index + 1} of ${total}`;
      const size = 8;
      page.drawText(label, { x: A4.width - MARGIN.right - this.regular.widthOfTextAtSize(label, size), y: MARGIN.bottom / 2, size, font: this.regular, color: MUTED });
      if (footer) {
        const [line] = wrapText(footer, this.regular, size, this.contentWidth - 90);
        page.drawText(line ?? "", { x: MARGIN.left, y: MARGIN.bottom / 2, size, font: this.regular, color: MUTED });
      }
    });
    return this.doc.save({ useObjectStreams: false });
  }
}
