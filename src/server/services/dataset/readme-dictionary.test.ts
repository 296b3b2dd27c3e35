import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { dataDictionaryMarkdown } from "@/domain/outcomes/data-dictionary";

describe("the README's data dictionary", () => {
  it("is the table DATASET_COLUMNS generates (regenerate: npx tsx -e \"import('./src/domain/outcomes/data-dictionary.ts').then(m => process.stdout.write(m.dataDictionaryMarkdown()))\")", () => {
    const readme = readFileSync(path.join(process.cwd(), "README.md"), "utf8");
    const start = readme.indexOf("<!-- data-dictionary:start -->\n");
    const end = readme.indexOf("<!-- data-dictionary:end -->");
    expect(start).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    expect(readme.slice(start + "<!-- data-dictionary:start -->\n".length, end)).toBe(dataDictionaryMarkdown());
  });
});
