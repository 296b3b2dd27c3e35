/**
 * The standard PDF fonts encode text as WinAnsi (Windows-1252): printable ASCII, Latin-1 and a few typographic
 * characters. Names such as "Łukasz Wróbel", "Ayşe Yılmaz" or "Дмитрий" would make pdf-lib throw; they are rendered
 * as close as possible instead: accents that WinAnsi lacks are dropped ("ş" -> "s"), a few letters are transliterated
 * ("ł" -> "l", "ı" -> "i"), Cyrillic and Greek are transliterated, and anything else becomes "?".
 */

// The 27 characters WinAnsi places in 0x80-0x9F, beside ASCII and Latin-1.
const WIN_ANSI_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");

const LETTERS: Record<string, string> = {
  ł: "l", Ł: "L", đ: "d", Đ: "D", ı: "i", İ: "I", ħ: "h", Ħ: "H", ŀ: "l", Ŀ: "L", ŧ: "t", Ŧ: "T", ĸ: "k", ŉ: "n",
  "≥": ">=", "≤": "<=", "≠": "!=", "→": "->", "←": "<-", "−": "-", "‐": "-", "‑": "-", "‒": "-", "′": "'", "″": '"',
  "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u200b": "", "✓": "v", "✗": "x",
};

// Cyrillic and Greek, so that a name in either script stays readable (ISO 9-like, simplified).
const CYRILLIC: Record<string, string> = {
  а: "a", б: "b", в: "v", г: "g", д: "d", е: "e", ё: "e", ж: "zh", з: "z", и: "i", й: "y", к: "k", л: "l", м: "m", н: "n", о: "o",
  п: "p", р: "r", с: "s", т: "t", у: "u", ф: "f", х: "kh", ц: "ts", ч: "ch", ш: "sh", щ: "shch", ъ: "", ы: "y", ь: "", э: "e",
  ю: "yu", я: "ya", і: "i", ї: "yi", є: "ye", ґ: "g",
};
const GREEK: Record<string, string> = {
  α: "a", β: "v", γ: "g", δ: "d", ε: "e", ζ: "z", η: "i", θ: "th", ι: "i", κ: "k", λ: "l", μ: "m", ν: "n", ξ: "x", ο: "o", π: "p",
  ρ: "r", σ: "s", ς: "s", τ: "t", υ: "y", φ: "f", χ: "ch", ψ: "ps", ω: "o",
};

export function isWinAnsi(char: string): boolean {
  const code = char.codePointAt(0)!;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(char) || char === "\n";
}

function transliterate(char: string): string {
  if (char in LETTERS) return LETTERS[char]!;
  const lower = char.toLowerCase();
  const table = lower in CYRILLIC ? CYRILLIC : lower in GREEK ? GREEK : null;
  if (table) {
    const latin = table[lower]!;
    return char === lower ? latin : latin.charAt(0).toUpperCase() + latin.slice(1);
  }
  // Letters with accents WinAnsi lacks: keep the accent when the composed form exists in WinAnsi, else the base letter.
  const stripped = char.normalize("NFD").replace(/\p{M}+/gu, "");
  if (stripped && stripped !== char && [...stripped].every(isWinAnsi)) return stripped;
  return "?";
}

/** Text as the standard fonts can draw it; tabs become spaces, other control characters are dropped. */
export function toWinAnsi(text: string): string {
  if (/^[\x20-\x7e\n]*$/.test(text)) return text; // plain ASCII: most text
  let out = "";
  for (const raw of text.normalize("NFC").replace(/\r\n?/g, "\n").replace(/\t/g, " ")) {
    if (isWinAnsi(raw)) out += raw;
    else if (raw.codePointAt(0)! < 0x20 || (raw.codePointAt(0)! >= 0x7f && raw.codePointAt(0)! < 0xa0)) continue;
    else out += transliterate(raw);
  }
  return out;
}
