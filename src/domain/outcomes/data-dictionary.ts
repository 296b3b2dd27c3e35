import { DATASET_COLUMNS } from "./dataset";

/** The README's data dictionary: generated from DATASET_COLUMNS (its test fails when the two disagree). */
export function dataDictionaryMarkdown(): string {
  const escape = (text: string) => text.replaceAll("|", "\\|");
  const lines = [
    "| column | type | unit | meaning | pseudonymised export |",
    "|---|---|---|---|---|",
    ...DATASET_COLUMNS.map(
      (c) =>
        `| \`${c.name}\` | ${c.type} | ${escape(c.unit)} | ${escape(c.meaning)} | ${c.pseudonymised === "keep" ? ("quasiIdentifier" in c ? "kept (quasi-identifier)" : "kept") : "dropped"} |`,
    ),
  ];
  return `${lines.join("\n")}\n`;
}
