// Browser figures, in Debian's Chromium through Playwright: the time a user waits for images.
import { chromium, type Page } from "@playwright/test";
import { percentile } from "./http";

const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

async function signIn(page: Page, base: string, email: string) {
  await page.goto(`${base}/login`);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill("concilium-demo");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

export interface BrowserFigures {
  firstCtImage: number[];
  nextSlice: number[];
  firstSlideTiles: number[];
  nextFieldOfView: number[];
}

/**
 * Navigation to the first CT image drawn (viewer status "ready"), the next slice after a key press, navigation to
 * the slide's first field of view fully drawn, and a pan to a new field of view at high magnification.
 */
export async function measureInBrowser(base: string, imagingUrl: string, slideUrl: string, runs = 5): Promise<BrowserFigures> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ARGS, headless: true });
  const figures: BrowserFigures = { firstCtImage: [], nextSlice: [], firstSlideTiles: [], nextFieldOfView: [] };
  try {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    await signIn(page, base, "radiologist@concilium.test");

    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await page.goto(`${base}${imagingUrl}`);
      await page.locator('[role="img"][data-status="ready"]').first().waitFor({ timeout: 60_000 });
      figures.firstCtImage.push(performance.now() - started);
    }
    const viewport = page.locator('[role="img"][data-status="ready"]').first();
    await viewport.focus();
    for (let i = 0; i < 30; i++) {
      const before = await viewport.getAttribute("aria-label");
      const started = performance.now();
      await page.keyboard.press("ArrowDown");
      await page.waitForFunction(([selector, label]) => document.querySelector(selector!)?.getAttribute("aria-label") !== label, ['[role="img"][data-status]', before] as const);
      figures.nextSlice.push(performance.now() - started);
    }

    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await page.goto(`${base}${slideUrl}`);
      await page.locator('[role="group"][aria-busy="false"]').first().waitFor({ timeout: 60_000 });
      figures.firstSlideTiles.push(performance.now() - started);
    }
    // Zoom to the highest magnification, then pan field by field.
    for (let i = 0; i < 12; i++) await page.keyboard.press("+");
    await page.locator('[role="group"][aria-busy="false"]').first().waitFor();
    for (let i = 0; i < 15; i++) {
      // Timed in the page: from the drag to the viewer reporting all tiles of the new field drawn (aria-busy
      // true, then false). A pan that needed no new tile never turns busy and is left out, not counted as 0 or 1 s.
      await page.evaluate(() => {
        const el = document.querySelector('[role="group"][aria-busy]')!;
        const w = window as unknown as { fovDone?: Promise<number | null>; fovStart?: number };
        w.fovStart = performance.now();
        w.fovDone = new Promise((resolve) => {
          let sawBusy = false;
          const observer = new MutationObserver(() => {
            if (el.getAttribute("aria-busy") === "true") sawBusy = true;
            else if (sawBusy) {
              observer.disconnect();
              resolve(performance.now() - w.fovStart!);
            }
          });
          observer.observe(el, { attributes: true, attributeFilter: ["aria-busy"] });
          setTimeout(() => {
            if (!sawBusy) {
              observer.disconnect();
              resolve(null);
            }
          }, 2_000);
        });
      });
      // Drag by most of the viewport: a new field of view, as a pathologist scanning the slide would.
      const box = (await page.locator('[role="group"][aria-busy]').first().boundingBox())!;
      const [fromX, toX] = i % 2 === 0 ? [0.85, 0.15] : [0.15, 0.85];
      await page.mouse.move(box.x + box.width * fromX, box.y + box.height * 0.5);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * toX, box.y + box.height * (i % 4 < 2 ? 0.2 : 0.8), { steps: 4 });
      await page.mouse.up();
      const elapsed = await page.evaluate(() => (window as unknown as { fovDone: Promise<number | null> }).fovDone);
      if (elapsed !== null) figures.nextFieldOfView.push(elapsed);
    }
  } finally {
    await browser.close();
  }
  return figures;
}

export const summarise = (values: number[]) =>
  values.length === 0 ? "not measured (no sample)" : `median ${percentile(values, 50).toFixed(0)} ms, p95 ${percentile(values, 95).toFixed(0)} ms (n=${values.length})`;
