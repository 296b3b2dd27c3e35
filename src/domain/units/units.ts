// Units as people read them. Findings store UCUM codes (as DICOM SR does); screens and summaries show words.

const IN_WORDS: Record<string, string> = {
  "[hnsf'U]": "HU",
  "1": "",
  mm2: "mm²",
  mm3: "mm³",
  cm2: "cm²",
  cm3: "cm³",
  "mm[Hg]": "mmHg",
  "10*9/L": "×10⁹/L",
  "10*12/L": "×10¹²/L",
  "[iU]": "IU",
  "[IU]": "IU",
  "/[HPF]": "per high-power field",
  "[ppm]": "ppm",
  "{score}": "",
  "{count}": "",
  "{ratio}": "",
};

/**
 * A UCUM code in words: "[hnsf'U]" is "HU", "mm2" is "mm²", "1" and annotations such as "{score}" are no unit at all
 * (the measurement's name says what it is). Unknown codes lose their brackets rather than show them.
 */
export function unitInWords(ucum: string): string {
  const code = ucum.trim();
  if (code in IN_WORDS) return IN_WORDS[code]!;
  // A pure annotation ({cells}) or a unit with one ("mg{creatinine}") reads without the braces.
  const withoutAnnotations = code.replace(/\{[^}]*\}/g, "").trim();
  if (withoutAnnotations !== code) return unitInWords(withoutAnnotations);
  return code.replace(/[[\]]/g, "");
}

/** "23.4 mm", "-119.1 HU", "4" (a score): the value and its unit in words, without a dangling space. */
export function valueWithUnit(value: number | string, ucum: string): string {
  const unit = unitInWords(ucum);
  return unit ? `${value} ${unit}` : String(value);
}

/** Cornerstone's display units to UCUM, as findings store them. */
const DISPLAY_TO_UCUM: Record<string, string> = { mm: "mm", "mm²": "mm2", "mm2": "mm2", HU: "[hnsf'U]", "cm²": "cm2", "cm2": "cm2" };
export const ucumOfDisplayUnit = (display: string): string => DISPLAY_TO_UCUM[display] ?? display;
