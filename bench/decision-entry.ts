// Time to record a standard NSCLC decision in the browser by keyboard only, as a coordinator would (Playwright,
// Debian's Chromium). Figures only: median and spread of wall time, and the keystrokes it takes.
import { chromium, type Page } from "@playwright/test";
import { BENCH_ROOM } from "./fixtures";
import { percentile } from "./http";

const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export interface DecisionEntryFigures {
  /** Wall time from the first keystroke to the server's "saved" on screen, per run (ms). */
  runsMs: number[];
  medianMs: number;
  p90Ms: number;
  /** Keys pressed (each character typed counts as one) for one standard decision. */
  keystrokes: number;
  /** Save requests the autosave sent during one entry (the last run). */
  saveRequests: number;
}

async function signIn(page: Page, base: string, email: string) {
  await page.goto(`${base}/login`);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill("concilium-demo");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

/** The keyboard script of a standard decision: cT2aN2M0 adenocarcinoma, EGFR exon 19, curative, two modalities. */
async function recordStandardDecision(page: Page): Promise<number> {
  let keys = 0;
  const type = async (text: string) => {
    await page.keyboard.type(text);
    keys += text.length;
  };
  const press = async (key: string, times = 1) => {
    for (let i = 0; i < times; i++) await page.keyboard.press(key);
    keys += times;
  };
  // On a busy machine the page may still be hydrating: the shortcut moves the focus once React has attached it, and
  // keys typed before that are lost (the stage group stayed empty on PostgreSQL under load). The wait is timed.
  for (let tries = 0; ; tries++) {
    await page.keyboard.press("Alt+KeyS");
    if (await page.evaluate(() => document.activeElement !== null && document.activeElement !== document.body)) break;
    if (tries >= 200) throw new Error("Alt+S never moved the focus to the staging fields.");
    await page.waitForTimeout(50);
  }
  keys += 1;
  await type("c");
  await press("Tab");
  await type("T2a");
  await press("Tab");
  await type("N2");
  await press("Tab");
  await type("M0");
  await press("Alt+KeyP");
  await type("Adenocarcinoma");
  await press("Tab", 3); // grade, ECOG, EGFR
  await type("Exon");
  await press("Alt+KeyR");
  await press("Tab"); // guideline
  await type("Yes");
  await press("Tab", 2); // sequence, first modality (Surgery)
  await press("Tab"); // Systemic therapy
  await press("Space");
  await press("Tab", 7); // the other modalities, then the recommendation
  await type("Induction osimertinib for 3 cycles, then re-discuss for resection.");
  await press("Tab");
  await type("EGFR exon 19 deletion with single-station N2.");
  await press("Control+Enter");
  return keys;
}

/**
 * Opens the upcoming thoracic agenda as the coordinator and records a standard decision on each of `runs` cases
 * that have none yet, each time from a freshly loaded case page.
 */
export async function measureDecisionEntry(base: string, runs = 5): Promise<DecisionEntryFigures> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ARGS, headless: true });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage();
    await signIn(page, base, "coordinator@concilium.test");
    await page.goto(`${base}/meetings`);
    await page.getByRole("table", { name: "Upcoming meetings" }).getByRole("row").filter({ hasText: "Thoracic Oncology Board" }).filter({ hasNotText: BENCH_ROOM }).getByRole("link").first().click(); // the demo meeting, not the bench's own
    const agenda = page.getByRole("table", { name: "Agenda" });
    await agenda.waitFor();
    const caseUrls = await agenda.locator('a[href^="/cases/"]').evaluateAll((links) => [...new Set(links.map((a) => (a as HTMLAnchorElement).getAttribute("href")!))]);

    const runsMs: number[] = [];
    let keystrokes = 0;
    let saveRequests = 0;
    for (const url of caseUrls) {
      if (runsMs.length >= runs) break;
      await page.goto(`${base}${url}`);
      const status = page.getByRole("form", { name: "Record decision" }).getByRole("status", { name: "Save status" });
      if ((await status.count()) === 0 || !(await status.textContent())?.startsWith("New decision")) continue;
      saveRequests = 0;
      const onRequest = (r: { url: () => string }) => {
        if (r.url().includes("/api/trpc/decision.save")) saveRequests++;
      };
      page.on("request", onRequest);
      const started = performance.now();
      keystrokes = await recordStandardDecision(page);
      await page.waitForFunction(() => /Draft version \d+ saved/.test(document.querySelector('[aria-label="Save status"]')?.textContent ?? ""), null, { timeout: 30_000 });
      runsMs.push(performance.now() - started);
      page.off("request", onRequest);
      // The figure counts only if the script recorded what it meant to.
      const form = page.getByRole("form", { name: "Record decision" });
      const recorded = [await form.getByLabel("Stage group").inputValue(), await form.getByLabel("EGFR").inputValue(), String(await form.getByLabel("Systemic therapy").isChecked())];
      if (recorded.join("|") !== "IIIA|Exon 19 deletion|true") throw new Error(`The keyboard script recorded ${recorded.join(", ")} on ${url}.`);
    }
    if (runsMs.length === 0) throw new Error("No thoracic case without a decision was found on the upcoming agenda.");
    return { runsMs, medianMs: percentile(runsMs, 50), p90Ms: percentile(runsMs, 90), keystrokes, saveRequests };
  } finally {
    await browser.close();
  }
}
