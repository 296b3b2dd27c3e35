/**
 * Reads back the text of a PDF that Concilium wrote (pdf-lib, standard fonts): inflates the content streams and
 * decodes the strings shown with Tj. For tests and the e2e download checks; not a general PDF parser.
 */
import { inflateSync } from "node:zlib";

// WinAnsi's 0x80-0x9F block; the rest of the byte range is Latin-1.
const WIN_ANSI_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";

function decodeByte(byte: number): string {
  return byte >= 0x80 && byte <= 0x9f ? WIN_ANSI_HIGH[byte - 0x80]! : String.fromCharCode(byte);
}

function decodeLiteral(body: string): string {
  return body.replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_m, e: string) =>
    /^[0-7]/.test(e) ? decodeByte(parseInt(e, 8)) : ({ n: "\n", r: "\r", t: "\t", b: "\b", f: "\f" } as Record<string, string>)[e] ?? e,
  );
}

/** The content streams of the file, inflated where they are compressed. */
function contentStreams(bytes: Uint8Array): string[] {
  const buffer = Buffer.from(bytes);
  const source = buffer.toString("latin1");
  const streams: string[] = [];
  const re = /<<([\s\S]*?)>>\s*stream\r?\n/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(source))) {
    const start = match.index + match[0].length;
    const end = source.indexOf("endstream", start);
    if (end < 0) break;
    let data = buffer.subarray(start, end);
    if (/\/FlateDecode/.test(match[1]!)) {
      try {
        data = inflateSync(data, { finishFlush: 2 });
      } catch {
        continue;
      }
    }
    streams.push(data.toString("latin1"));
    re.lastIndex = end;
  }
  return streams;
}

/** One string per line of text drawn, in drawing order (pages in order). */
export function pdfTextLines(bytes: Uint8Array): string[] {
  const lines: string[] = [];
  for (const stream of contentStreams(bytes)) {
    const re = /<([0-9A-Fa-f\s]*)>\s*Tj|\(((?:\\.|[^\\)])*)\)\s*Tj/g;
    let match: RegExpExecArray | null;
    while ((match = re.exec(stream))) {
      if (match[1] !== undefined) {
        const hex = match[1].replace(/\s+/g, "");
        let text = "";
        for (let i = 0; i + 1 < hex.length; i += 2) text += decodeByte(parseInt(hex.slice(i, i + 2), 16));
        lines.push(text);
      } else {
        lines.push(decodeLiteral(match[2]!));
      }
    }
  }
  return lines;
}

/** All text of the document joined by newlines: what tests search in. */
export const pdfText = (bytes: Uint8Array) => pdfTextLines(bytes).join("\n");

/** The number of pages (counted from the page tree's leaves). */
export function pdfPageCount(bytes: Uint8Array): number {
  return (Buffer.from(bytes).toString("latin1").match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}
