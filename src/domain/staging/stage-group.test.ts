import { describe, expect, it } from "vitest";
import { computeStageGroup, isSufficientOverrideReason, parentCategory, resolveStageGroup, STAGING_DATA, stagingFormOptions } from "./stage-group";
import { checkStaging, M_CATEGORIES, N_CATEGORIES, STAGE_GROUPS, STAGING_SITES, T_CATEGORIES, TNM_PREFIXES, type StagingSite } from "./tnm";

/*
 * Independent transcriptions of the AJCC 8th edition stage-group tables, line by line as printed in the manual
 * ("When T is ... and N is ... and M is ... then the stage group is"). They are not read from the data under test.
 */
const AJCC_TABLES: Record<StagingSite, string> = {
  lung: `
    TX    | N0    | M0  | Occult carcinoma
    Tis   | N0    | M0  | 0
    T1mi  | N0    | M0  | IA1
    T1a   | N0    | M0  | IA1
    T1a   | N1    | M0  | IIB
    T1a   | N2    | M0  | IIIA
    T1a   | N3    | M0  | IIIB
    T1b   | N0    | M0  | IA2
    T1b   | N1    | M0  | IIB
    T1b   | N2    | M0  | IIIA
    T1b   | N3    | M0  | IIIB
    T1c   | N0    | M0  | IA3
    T1c   | N1    | M0  | IIB
    T1c   | N2    | M0  | IIIA
    T1c   | N3    | M0  | IIIB
    T2a   | N0    | M0  | IB
    T2a   | N1    | M0  | IIB
    T2a   | N2    | M0  | IIIA
    T2a   | N3    | M0  | IIIB
    T2b   | N0    | M0  | IIA
    T2b   | N1    | M0  | IIB
    T2b   | N2    | M0  | IIIA
    T2b   | N3    | M0  | IIIB
    T3    | N0    | M0  | IIB
    T3    | N1    | M0  | IIIA
    T3    | N2    | M0  | IIIB
    T3    | N3    | M0  | IIIC
    T4    | N0    | M0  | IIIA
    T4    | N1    | M0  | IIIA
    T4    | N2    | M0  | IIIB
    T4    | N3    | M0  | IIIC
    Any T | Any N | M1a | IVA
    Any T | Any N | M1b | IVA
    Any T | Any N | M1c | IVB`,
  breast: `
    Tis   | N0    | M0  | 0
    T1    | N0    | M0  | IA
    T0    | N1mi  | M0  | IB
    T1    | N1mi  | M0  | IB
    T0    | N1    | M0  | IIA
    T1    | N1    | M0  | IIA
    T2    | N0    | M0  | IIA
    T2    | N1    | M0  | IIB
    T3    | N0    | M0  | IIB
    T0    | N2    | M0  | IIIA
    T1    | N2    | M0  | IIIA
    T2    | N2    | M0  | IIIA
    T3    | N1    | M0  | IIIA
    T3    | N2    | M0  | IIIA
    T4    | N0    | M0  | IIIB
    T4    | N1    | M0  | IIIB
    T4    | N2    | M0  | IIIB
    Any T | N3    | M0  | IIIC
    Any T | Any N | M1  | IV`,
  colorectal: `
    Tis     | N0      | M0  | 0
    T1, T2  | N0      | M0  | I
    T3      | N0      | M0  | IIA
    T4a     | N0      | M0  | IIB
    T4b     | N0      | M0  | IIC
    T1-T2   | N1/N1c  | M0  | IIIA
    T1      | N2a     | M0  | IIIA
    T3-T4a  | N1/N1c  | M0  | IIIB
    T2-T3   | N2a     | M0  | IIIB
    T1-T2   | N2b     | M0  | IIIB
    T4a     | N2a     | M0  | IIIC
    T3-T4a  | N2b     | M0  | IIIC
    T4b     | N1-N2   | M0  | IIIC
    Any T   | Any N   | M1a | IVA
    Any T   | Any N   | M1b | IVB
    Any T   | Any N   | M1c | IVC`,
};

/** What each term of the printed tables covers, per site, written out by hand (AJCC definitions and notes). */
const TERMS: Record<StagingSite, Record<string, string[]>> = {
  lung: {
    "Any T": ["TX", "T0", "Tis", "T1", "T1mi", "T1a", "T1b", "T1c", "T2", "T2a", "T2b", "T3", "T4"],
    "Any N": ["NX", "N0", "N1", "N2", "N3"],
  },
  breast: {
    "Any T": ["TX", "T0", "Tis", "T1", "T1mi", "T1a", "T1b", "T1c", "T2", "T3", "T4", "T4a", "T4b", "T4c", "T4d"],
    "Any N": ["NX", "N0", "N0(i+)", "N0(mol+)", "N1mi", "N1", "N1a", "N1b", "N1c", "N2", "N2a", "N2b", "N3", "N3a", "N3b", "N3c"],
    T1: ["T1", "T1mi", "T1a", "T1b", "T1c"], // note 1: T1 includes T1mi
    T4: ["T4", "T4a", "T4b", "T4c", "T4d"],
    N0: ["N0", "N0(i+)", "N0(mol+)"],
    N1: ["N1", "N1a", "N1b", "N1c"], // N1mi: own rows for T0/T1, as N1 for T2-T4 (note 3), added below
    N2: ["N2", "N2a", "N2b"],
    N3: ["N3", "N3a", "N3b", "N3c"],
    M0: ["M0", "M0(i+)"], // note 4
  },
  colorectal: {
    "Any T": ["TX", "T0", "Tis", "T1", "T2", "T3", "T4", "T4a", "T4b"],
    "Any N": ["NX", "N0", "N1", "N1a", "N1b", "N1c", "N2", "N2a", "N2b"],
    "N1/N1c": ["N1", "N1a", "N1b", "N1c"],
    "N1-N2": ["N1", "N1a", "N1b", "N1c", "N2", "N2a", "N2b"],
    "T1, T2": ["T1", "T2"],
    "T1-T2": ["T1", "T2"],
    "T3-T4a": ["T3", "T4a"],
    "T2-T3": ["T2", "T3"],
  },
};

/** Parent categories offered without subcategory, and their subcategories, as the AJCC chapters define them. */
const SUBCATEGORIES: Record<StagingSite, Record<string, string[]>> = {
  lung: { T1: ["T1mi", "T1a", "T1b", "T1c"], T2: ["T2a", "T2b"], M1: ["M1a", "M1b", "M1c"] },
  breast: {},
  colorectal: { T4: ["T4a", "T4b"], N1: ["N1a", "N1b", "N1c"], N2: ["N2a", "N2b"], M1: ["M1a", "M1b", "M1c"] },
};

interface TableLine {
  t: string;
  n: string;
  m: string;
  group: string;
  cases: [string, string, string][];
}

function transcription(site: StagingSite): TableLine[] {
  return AJCC_TABLES[site]
    .trim()
    .split("\n")
    .map((line) => {
      const [t, n, m, group] = line.split("|").map((cell) => cell.trim()) as [string, string, string, string];
      const cover = (term: string) => TERMS[site][term] ?? [term];
      const ns = [...cover(n)];
      if (site === "breast" && n === "N1" && ["T2", "T3", "T4"].includes(t)) ns.push("N1mi"); // note 3
      const cases: [string, string, string][] = [];
      for (const tt of cover(t)) for (const nn of ns) for (const mm of cover(m)) cases.push([tt, nn, mm]);
      return { t, n, m, group, cases };
    });
}

const NODAL_FREE = ["NX", "N0", "N0(i+)", "N0(mol+)"];
/** Documented exception: carcinoma in situ with nodal disease is impossible, even under "Any T N3 M0". */
const inSituWithNodes = (t: string, n: string, m: string) => t === "Tis" && !NODAL_FREE.includes(n) && !m.startsWith("M1");

function expectedGroups(site: StagingSite): Map<string, string> {
  const expected = new Map<string, string>();
  for (const line of transcription(site)) {
    for (const [t, n, m] of line.cases) {
      if (inSituWithNodes(t, n, m)) continue;
      const key = `${t} ${n} ${m}`;
      if (expected.has(key) && expected.get(key) !== line.group) throw new Error(`transcription conflict at ${key}`);
      expected.set(key, line.group);
    }
  }
  // A parent category without subcategory: grouped when all its subcategories that the table stages agree.
  const subs = SUBCATEGORIES[site];
  const options = (c: string) => subs[c] ?? [c];
  for (const t of T_CATEGORIES[site])
    for (const n of N_CATEGORIES[site])
      for (const m of M_CATEGORIES[site]) {
        const key = `${t} ${n} ${m}`;
        if (expected.has(key) || !(t in subs || n in subs || m in subs)) continue;
        const groups = new Set<string>();
        for (const tt of options(t)) for (const nn of options(n)) for (const mm of options(m)) {
          const g = expected.get(`${tt} ${nn} ${mm}`);
          if (g) groups.add(g);
        }
        if (groups.size === 1) expected.set(key, [...groups][0]!);
      }
  return expected;
}

describe.each(STAGING_SITES)("AJCC 8th edition %s stage-group table", (site) => {
  const lines = transcription(site);

  it.each(lines.map((line) => [`${line.t} ${line.n} ${line.m} -> ${line.group}`, line] as const))("row %s", (_name, line) => {
    for (const [t, n, m] of line.cases) {
      if (inSituWithNodes(t, n, m)) continue;
      expect({ tnm: `${t} ${n} ${m}`, ...computeStageGroup(site, { t, n, m }) }).toEqual({ tnm: `${t} ${n} ${m}`, stageGroup: line.group, problems: [] });
    }
  });

  it("has as many data rows as the printed table", () => {
    expect(STAGING_DATA[site].rows).toHaveLength(lines.length);
  });

  it("offers every category and stage group the table uses", () => {
    const used = lines.flatMap((line) => line.cases.flat());
    const offered = [...T_CATEGORIES[site], ...N_CATEGORIES[site], ...M_CATEGORIES[site]];
    expect(used.filter((c) => !offered.includes(c))).toEqual([]);
    expect([...new Set(lines.map((l) => l.group))].sort()).toEqual([...STAGE_GROUPS[site]].sort());
    for (const row of STAGING_DATA[site].rows) {
      for (const axis of ["t", "n", "m"] as const) {
        if (row[axis] !== "any") expect(row[axis].filter((c) => !offered.includes(c))).toEqual([]);
      }
    }
  });

  it("groups every combination of its categories as the table says, and refuses the rest with one reason", () => {
    const expected = expectedGroups(site);
    let grouped = 0;
    for (const t of T_CATEGORIES[site])
      for (const n of N_CATEGORIES[site])
        for (const m of M_CATEGORIES[site]) {
          const result = computeStageGroup(site, { t, n, m });
          const want = expected.get(`${t} ${n} ${m}`) ?? null;
          expect({ tnm: `${t} ${n} ${m}`, group: result.stageGroup }).toEqual({ tnm: `${t} ${n} ${m}`, group: want });
          if (want) {
            grouped += 1;
            expect(result.problems).toEqual([]);
          } else {
            expect(result.problems).toHaveLength(1);
            expect(result.problems[0]!.message).toMatch(/AJCC 8th/);
          }
        }
    expect(grouped).toBeGreaterThan(lines.length);
  });

  it("uses the same table for every prefix", () => {
    const [t, n, m] = lines[lines.length - 2]!.cases[0]!;
    const groups = TNM_PREFIXES.map((prefix) => computeStageGroup(site, { t, n, m, prefix }).stageGroup);
    expect(new Set(groups).size).toBe(1);
  });
});

describe("subcategories resolve to the rows of their category", () => {
  it.each([
    ["breast", "T1b", "N0", "M0", "IA"],
    ["breast", "T1mi", "N0", "M0", "IA"],
    ["breast", "T4d", "N2a", "M0", "IIIB"],
    ["breast", "T1c", "N2a", "M0", "IIIA"],
    ["breast", "T2", "N3c", "M0", "IIIC"],
    ["breast", "T1a", "N0(i+)", "M0(i+)", "IA"],
    ["breast", "T1a", "N1mi", "M0", "IB"],
    ["breast", "T0", "N1mi", "M0", "IB"],
    ["breast", "T2", "N1mi", "M0", "IIB"],
    ["breast", "T3", "N1mi", "M0", "IIIA"],
    ["breast", "T4b", "N1mi", "M0", "IIIB"],
    ["colorectal", "T2", "N1b", "M0", "IIIA"],
    ["colorectal", "T4b", "N2a", "M0", "IIIC"],
    ["colorectal", "T3", "N1c", "M0", "IIIB"],
    ["lung", "T1b", "N0", "M0", "IA2"],
  ] as const)("%s %s %s %s is %s", (site, t, n, m, group) => {
    expect(computeStageGroup(site, { t, n, m })).toEqual({ stageGroup: group, problems: [] });
  });

  it("knows the parent of each subcategory", () => {
    expect(["T1b", "N2a", "M1c", "N1mi", "T1mi", "M0(i+)", "N0(mol+)", "Tis", "TX", "T4"].map(parentCategory)).toEqual(["T1", "N2", "M1", "N1", "T1", "M0", "N0", null, null, null]);
  });

  it("groups a parent category when its subcategories agree, and asks for the subcategory when they do not", () => {
    expect(computeStageGroup("lung", { t: "T2", n: "N1", m: "M0" }).stageGroup).toBe("IIB");
    expect(computeStageGroup("lung", { t: "T1", n: "N2", m: "M0" }).stageGroup).toBe("IIIA");
    expect(computeStageGroup("colorectal", { t: "T4", n: "N2b", m: "M0" }).stageGroup).toBe("IIIC");
    expect(computeStageGroup("colorectal", { t: "T3", n: "N1", m: "M0" }).stageGroup).toBe("IIIB");

    const lungT1 = computeStageGroup("lung", { t: "T1", n: "N0", m: "M0" });
    expect(lungT1.stageGroup).toBeNull();
    expect(lungT1.problems).toEqual([{ field: "t", kind: "subcategory-needed", message: "The stage group of T1 N0 M0 depends on the subcategory (IA1 or IA2 or IA3) for non-small-cell lung cancer (AJCC 8th): choose the subcategory of T1 (T1mi, T1a, T1b, T1c)." }]);
    const lungM1 = computeStageGroup("lung", { t: "T1", n: "N0", m: "M1" });
    expect(lungM1.problems[0]).toMatchObject({ field: "m", kind: "subcategory-needed" });
    expect(lungM1.problems[0]!.message).toContain("choose the subcategory of M1 (M1a, M1b, M1c)");
    expect(computeStageGroup("colorectal", { t: "T4", n: "N0", m: "M0" }).problems[0]!.message).toContain("(IIB or IIC)");
    expect(computeStageGroup("colorectal", { t: "T1", n: "N2", m: "M0" }).problems[0]).toMatchObject({ field: "n", kind: "subcategory-needed" });
  });
});

describe("distant metastasis", () => {
  it("is stage IV with any T, any N and any prefix", () => {
    for (const prefix of TNM_PREFIXES) {
      expect(computeStageGroup("lung", { prefix, t: "Tis", n: "N0", m: "M1c" }).stageGroup).toBe("IVB");
      expect(computeStageGroup("lung", { prefix, t: "TX", n: "NX", m: "M1a" }).stageGroup).toBe("IVA");
      expect(computeStageGroup("breast", { prefix, t: "T0", n: "N0", m: "M1" }).stageGroup).toBe("IV");
      expect(computeStageGroup("breast", { prefix, t: "Tis", n: "N2", m: "M1" }).stageGroup).toBe("IV");
      expect(computeStageGroup("colorectal", { prefix, t: "T4b", n: "N2b", m: "M1b" }).stageGroup).toBe("IVB");
    }
  });
});

describe("combinations without a stage group", () => {
  it("refuses carcinoma in situ with nodal disease at every site", () => {
    expect(computeStageGroup("colorectal", { t: "Tis", n: "N1", m: "M0" })).toEqual({
      stageGroup: null,
      problems: [{ field: "n", kind: "in-situ-with-nodes", message: expect.stringContaining("Tis with N1 is not a valid combination for colorectal cancer (AJCC 8th)") }],
    });
    expect(computeStageGroup("breast", { t: "Tis", n: "N1", m: "M0" }).problems[0]!.message).toContain("Tis with N1 is not a valid combination for breast cancer (AJCC 8th)");
    expect(computeStageGroup("breast", { t: "Tis", n: "N3a", m: "M0" }).problems[0]!.kind).toBe("in-situ-with-nodes");
    expect(computeStageGroup("breast", { t: "Tis", n: "N1mi", m: "M0(i+)" }).problems[0]!.kind).toBe("in-situ-with-nodes");
    expect(computeStageGroup("lung", { t: "Tis", n: "N2", m: "M0" }).problems[0]!.message).toContain("re-assess T");
    expect(computeStageGroup("breast", { t: "Tis", n: "N0(i+)", m: "M0" }).stageGroup).toBe("0");
  });

  it("refuses combinations the table has no row for", () => {
    expect(computeStageGroup("lung", { t: "T1mi", n: "N1", m: "M0" }).problems).toEqual([
      { field: "t", kind: "not-in-table", message: "T1mi with N1 is not a valid combination for non-small-cell lung cancer (AJCC 8th): the stage-group table has no row for T1mi N1 M0." },
    ]);
    expect(computeStageGroup("lung", { t: "T0", n: "N2", m: "M0" }).problems[0]!.kind).toBe("not-in-table");
    expect(computeStageGroup("colorectal", { t: "T0", n: "N1a", m: "M0" }).problems[0]!.kind).toBe("not-in-table");
  });

  it("explains that TX or NX cannot be grouped, except where the table says so", () => {
    expect(computeStageGroup("lung", { t: "TX", n: "N1", m: "M0" }).problems).toEqual([
      { field: "t", kind: "unknown-category", message: "TX: the primary tumour cannot be assessed, so AJCC 8th assigns TX N1 M0 no non-small-cell lung cancer stage group." },
    ]);
    expect(computeStageGroup("colorectal", { t: "T3", n: "NX", m: "M0" }).problems[0]).toMatchObject({ field: "n", kind: "unknown-category" });
    expect(computeStageGroup("lung", { t: "TX", n: "N0", m: "M0" }).stageGroup).toBe("Occult carcinoma");
    expect(computeStageGroup("breast", { t: "TX", n: "N3b", m: "M0" }).stageGroup).toBe("IIIC");
  });

  it("assigns no group to T0 N0 M0 (no tumour, or a complete response after neoadjuvant therapy)", () => {
    for (const site of STAGING_SITES) {
      const result = computeStageGroup(site, { t: "T0", n: "N0", m: "M0", prefix: "yp" });
      expect(result.stageGroup).toBeNull();
      expect(result.problems[0]).toMatchObject({ field: "t", kind: "no-tumour" });
      expect(result.problems[0]!.message).toContain("complete pathological response");
    }
  });

  it("names each missing or foreign category", () => {
    expect(computeStageGroup("lung", { t: null, n: "N0", m: null }).problems).toEqual([
      { field: "t", kind: "missing", message: "The T category is missing: the stage group needs T, N and M." },
      { field: "m", kind: "missing", message: "The M category is missing: the stage group needs T, N and M." },
    ]);
    expect(computeStageGroup("colorectal", { t: "T1mi", n: "N3", m: "M0" }).problems.map((p) => [p.field, p.kind])).toEqual([
      ["t", "invalid-category"],
      ["n", "invalid-category"],
    ]);
  });
});

describe("checkStaging with the computed stage group", () => {
  const lung = { prefix: "c" as const, t: "T2a", n: "N1", m: "M0" };

  it("accepts the computed group, and no group at all (the app fills it in)", () => {
    expect(checkStaging("lung", { ...lung, stageGroup: "IIB" })).toEqual([]);
    expect(checkStaging("lung", { ...lung, stageGroup: null })).toEqual([]);
    expect(resolveStageGroup("lung", { ...lung, stageGroup: null })).toEqual({ computed: "IIB", stageGroup: "IIB", overridden: false });
  });

  it("refuses a different group without a reason of at least three words", () => {
    const refused = [{ field: "stageGroup", kind: "differs-from-computed", message: "The AJCC 8th edition stage group of T2a N1 M0 is IIB, not IIIA: choose IIB, or give a reason of at least 3 words for setting it by hand." }];
    expect(checkStaging("lung", { ...lung, stageGroup: "IIIA" })).toEqual(refused);
    expect(checkStaging("lung", { ...lung, stageGroup: "IIIA", stageGroupOverrideReason: "  clinical  " })).toEqual(refused);
    expect(checkStaging("lung", { ...lung, stageGroup: "IIIA", stageGroupOverrideReason: "- - 42 ." })).toEqual(refused);
    expect(checkStaging("lung", { ...lung, stageGroup: "IIIA", stageGroupOverrideReason: "Second primary in the same lobe, staged together." })).toEqual([]);
    expect(resolveStageGroup("lung", { ...lung, stageGroup: "IIIA" })).toEqual({ computed: "IIB", stageGroup: "IIIA", overridden: true });
  });

  it("refuses an impossible combination even with a reason", () => {
    const problems = checkStaging("colorectal", { prefix: "p", t: "Tis", n: "N1a", m: "M0", stageGroup: "IIIA", stageGroupOverrideReason: "Board agreed on this stage." });
    expect(problems).toEqual([{ field: "n", kind: "in-situ-with-nodes", message: expect.stringContaining("Tis with N1a is not a valid combination for colorectal cancer (AJCC 8th)") }]);
    expect(checkStaging("lung", { prefix: "p", t: "T1mi", n: "N2", m: "M0", stageGroup: null }).map((p) => p.kind)).toEqual(["not-in-table"]);
  });

  it("lets a group that cannot be computed be set only with a reason", () => {
    const ambiguous = { prefix: "c" as const, t: "T1", n: "N0", m: "M0" };
    expect(checkStaging("lung", { ...ambiguous, stageGroup: null })).toEqual([]);
    expect(checkStaging("lung", { ...ambiguous, stageGroup: "IA2" }).map((p) => [p.field, p.kind])).toEqual([
      ["t", "subcategory-needed"],
      ["stageGroup", "override-reason"],
    ]);
    expect(checkStaging("lung", { ...ambiguous, stageGroup: "IA2", stageGroupOverrideReason: "Size 15 mm on the outside CT report." })).toEqual([]);
    expect(checkStaging("lung", { prefix: "c", t: "TX", n: "N2", m: "M0", stageGroup: "IIIA" }).map((p) => p.kind)).toEqual(["unknown-category", "override-reason"]);
  });

  it("asks for T, N and M, or a reason, when a group comes without them", () => {
    expect(checkStaging("breast", { prefix: "c", t: null, n: null, m: "M1", stageGroup: "IV" })).toEqual([
      { field: "stageGroup", kind: "override-reason", message: "Stage IV cannot be computed without T, N and M: give all three, or give a reason of at least 3 words for setting it by hand." },
    ]);
    expect(checkStaging("breast", { prefix: "c", t: null, n: null, m: "M1", stageGroup: "IV", stageGroupOverrideReason: "Primary not yet assessed, bone metastases." })).toEqual([]);
    expect(checkStaging("breast", { prefix: "c", t: "T2", n: null, m: null, stageGroup: null })).toEqual([]);
  });

  it("keeps metastatic disease at stage IV whatever the reason", () => {
    const problems = checkStaging("breast", { prefix: "c", t: "T2", n: "N1", m: "M1", stageGroup: "IIB", stageGroupOverrideReason: "Metastasis not biopsy proven yet." });
    expect(problems).toEqual([{ field: "stageGroup", message: "M1 is distant metastasis: the stage group must be IV, not IIB." }]);
  });

  it("asks for the prefix and still checks the combination", () => {
    expect(checkStaging("colorectal", { prefix: null, t: "T3", n: "N2b", m: "M0", stageGroup: "IIIB" }).map((p) => p.field)).toEqual(["prefix", "stageGroup"]);
  });

  it("counts words, not characters, in a reason", () => {
    expect(isSufficientOverrideReason(null)).toBe(false);
    expect(isSufficientOverrideReason("per board")).toBe(false);
    expect(isSufficientOverrideReason("per board consensus")).toBe(true);
  });
});

describe("staging form options", () => {
  it.each(STAGING_SITES)("lists the %s categories in order with clinical labels", (site) => {
    const options = stagingFormOptions(site);
    expect(options.t.map((o) => o.value)).toEqual(T_CATEGORIES[site]);
    expect(options.n.map((o) => o.value)).toEqual(N_CATEGORIES[site]);
    expect(options.m.map((o) => o.value)).toEqual(M_CATEGORIES[site]);
    expect(options.stageGroups.map((o) => o.value)).toEqual(STAGE_GROUPS[site]);
    expect(options.prefixes.map((o) => o.value)).toEqual([...TNM_PREFIXES]);
    for (const option of [...options.t, ...options.n, ...options.m]) expect(option.label).toMatch(new RegExp(`^${option.value.replace(/[()+]/g, "\\$&")} \\(.+\\)$`));
  });

  it("labels categories the way clinicians read them", () => {
    expect(stagingFormOptions("lung").t).toContainEqual({ value: "T1a", label: "T1a (≤1 cm)" });
    expect(stagingFormOptions("breast").n).toContainEqual({ value: "N1mi", label: "N1mi (micrometastases (>0.2 mm to ≤2 mm))" });
    expect(stagingFormOptions("colorectal").n).toContainEqual({ value: "N2b", label: "N2b (≥7 nodes)" });
    expect(stagingFormOptions("lung").prefixes[3]).toEqual({ value: "yp", label: "yp (pathological, after neoadjuvant therapy)" });
    expect(stagingFormOptions("lung").stageGroups[0]).toEqual({ value: "Occult carcinoma", label: "Occult carcinoma" });
    expect(stagingFormOptions("lung").stageGroups[2]).toEqual({ value: "IA1", label: "Stage IA1" });
  });
});
