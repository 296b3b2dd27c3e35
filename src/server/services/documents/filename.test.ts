import { describe, expect, it } from "vitest";
import { attachment, cleanFilename } from "./filename";

describe("cleanFilename", () => {
  it("keeps ASCII letters, digits and dashes only", () => {
    expect(cleanFilename(["letter", "gp", "MRN-100109", "v1"], "pdf")).toBe("letter-gp-mrn-100109-v1.pdf");
    expect(cleanFilename(["Łódź \"board\"; x=1", null, "", "Zoë/../../etc"], "pdf")).toBe("odz-board-x-1-zoe-etc.pdf");
    expect(cleanFilename(["王"], "ics")).toBe("document.ics");
    expect(attachment("a.pdf")).toBe('attachment; filename="a.pdf"');
  });
});
