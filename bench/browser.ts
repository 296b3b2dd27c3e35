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
  /** Navigation start to the first CT image drawn, in the page's own clock (its performance mark). */
  firstCtImage: number[];
  /** The same as the test driver sees it: page.goto until the viewer says "ready" (adds the driver's polling). */
  firstCtImageDriver: number[];
  /** Navigation to the whole stack in memory (the viewer's prefetch, nearest slices first). */
  ctStackLoaded: number[];
  nextSlice: number[];
  /** The same with WebGL forced (the viewer's "concilium.rendering" = "gpu" switch); the default is CPU without a GPU. */
  nextSliceWebGl: number[];
  /** Navigation start to the slide's first field of view fully drawn, in the page's own clock. */
  firstSlideTiles: number[];
  firstSlideTilesDriver: number[];
  nextFieldOfView: number[];
}

/** When the page marked `name`, in milliseconds from its navigation start. */
async function markTime(page: Page, name: string): Promise<number> {
  const at = await page.evaluate((mark) => performance.getEntriesByName(mark)[0]?.startTime ?? null, name);
  if (at === null) throw new Error(`the page did not mark ${name}`);
  return at;
}

/**
 * Navigation to the first CT image drawn (viewer status "ready"), the next slice after a key press, navigation to
 * the slide's first field of view fully drawn, and a pan to a new field of view at high magnification.
 */
export async function measureInBrowser(base: string, imagingUrl: string, slideUrl: string, runs = 5, options: { warmUp?: boolean; webGlComparison?: boolean } = {}): Promise<BrowserFigures> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ARGS, headless: true });
  const figures: BrowserFigures = { firstCtImage: [], firstCtImageDriver: [], ctStackLoaded: [], nextSlice: [], nextSliceWebGl: [], firstSlideTiles: [], firstSlideTilesDriver: [], nextFieldOfView: [] };
  try {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    await signIn(page, base, "radiologist@concilium.test");
    if (options.warmUp) {
      // A warm server: the pages, chunks and first images have been served once before anything is timed.
      await page.goto(`${base}${imagingUrl}`);
      await page.locator('[role="img"][data-status="ready"]').first().waitFor({ timeout: 120_000 });
      await page.goto(`${base}${slideUrl}`);
      await page.locator('[role="group"][aria-busy="false"]').first().waitFor({ timeout: 120_000 });
    }

    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await page.goto(`${base}${imagingUrl}`);
      await page.locator('[role="img"][data-status="ready"]').first().waitFor({ timeout: 60_000 });
      figures.firstCtImageDriver.push(performance.now() - started);
      figures.firstCtImage.push(await markTime(page, "concilium:first-image-drawn"));
      // The stack is in memory once the viewer's prefetch bar is full.
      await page.waitForFunction(() => {
        const bar = document.querySelector("progress");
        return bar !== null && bar.max > 0 && bar.value >= bar.max;
      }, undefined, { timeout: 60_000 });
      figures.ctStackLoaded.push(performance.now() - started);
    }
    // Next slice once the series is loaded, timed in the page from the key press to Cornerstone's IMAGE_RENDERED
    // event on the viewport (the new slice drawn on the canvas); no round trip through Playwright is counted.
    const nextSlices = () => page.evaluate(async (count) => {
      const el = document.querySelector('[role="img"][data-status="ready"]') as HTMLElement;
      el.focus();
      const times: number[] = [];
      for (let i = 0; i < count; i++) {
        const t0 = performance.now();
        const rendered = new Promise<number>((resolve) => {
          el.addEventListener("CORNERSTONE_IMAGE_RENDERED", () => resolve(performance.now() - t0), { once: true });
        });
        el.dispatchEvent(new KeyboardEvent("keydown", { key: i < count / 2 ? "ArrowDown" : "ArrowUp", bubbles: true }));
        times.push(await rendered);
        // A reader's key repeat is about 30 per second: leave the frame to finish before the next press.
        await new Promise((r) => setTimeout(r, 30));
      }
      return times;
    }, 30);
    const slices = await nextSlices();
    figures.nextSlice.push(...slices);
    // Headless Chromium draws WebGL in software (SwiftShader), as a reading-room PC without a GPU would, so the viewer
    // draws stacks on the CPU by default: the same slices once more with WebGL forced, for comparison.
    if (options.webGlComparison) {
      await page.evaluate(() => window.localStorage.setItem("concilium.rendering", "gpu"));
      await page.goto(`${base}${imagingUrl}`);
      await page.waitForFunction(() => {
        const bar = document.querySelector("progress");
        return bar !== null && bar.max > 0 && bar.value >= bar.max;
      }, undefined, { timeout: 60_000 });
      figures.nextSliceWebGl.push(...(await nextSlices()));
      await page.evaluate(() => window.localStorage.removeItem("concilium.rendering"));
    }

    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await page.goto(`${base}${slideUrl}`);
      await page.locator('[role="group"][aria-busy="false"]').first().waitFor({ timeout: 60_000 });
      figures.firstSlideTilesDriver.push(performance.now() - started);
      figures.firstSlideTiles.push(await markTime(page, "concilium:slide-first-view-drawn"));
    }
    // Zoom to the 40x equivalent (the viewer's limit) with its own button, then scan the slide field by field.
    const zoomIn = page.getByRole("button", { name: "Zoom in" });
    for (let i = 0; i < 14; i++) await zoomIn.click();
    await page.getByLabel("Magnification").filter({ hasText: "40×" }).waitFor();
    await page.locator('[role="group"][aria-busy="false"]').first().waitFor();
    const slideArea = (await page.locator('[role="group"][aria-busy]').first().boundingBox())!;
    // A serpentine scan as a pathologist reads a core: down the middle, then up and down the next columns. Each
    // drag moves the view by 80% of the viewport, so every field needs new tiles unless it hits the slide's edge.
    const moves: Array<[number, number]> = [
      ...Array<[number, number]>(5).fill([0, 0.8]),
      [0.8, 0],
      ...Array<[number, number]>(10).fill([0, -0.8]),
      [0.8, 0],
      ...Array<[number, number]>(10).fill([0, 0.8]),
    ];
    for (const [dx, dy] of moves) {
      // Timed in the page, from the drag to the viewer's mark that every tile of the new field is drawn on the canvas,
      // after its mark that the field needed tiles, and nothing more for 400 ms (so the glide after the drag is
      // included). A drag that needed no new tile is left out rather than counted.
      await page.evaluate(() => {
        const w = window as unknown as { fovDone?: Promise<number | null> };
        const started = performance.now();
        w.fovDone = new Promise((resolve) => {
          // No named helpers in here: the bench runs through tsx, whose name-keeping wrapper does not exist in the page.
          let loadingAt: number | null = null;
          let drawnAt: number | null = null;
          let lastChange = started;
          const observer = new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) {
              if (entry.startTime < started) continue;
              if (entry.name === "concilium:slide-field-loading") loadingAt = entry.startTime;
              else if (entry.name === "concilium:slide-field-drawn" && loadingAt !== null) drawnAt = entry.startTime;
              else continue;
              lastChange = performance.now();
            }
          });
          observer.observe({ type: "mark" });
          const poll = setInterval(() => {
            const now = performance.now();
            const drawn = loadingAt !== null && drawnAt !== null && drawnAt >= loadingAt;
            const settled = drawn && now - lastChange >= 400;
            const neededNoTile = loadingAt === null && now - started >= 2_000;
            if (settled || neededNoTile || now - started >= 30_000) {
              clearInterval(poll);
              observer.disconnect();
              resolve(drawn ? drawnAt! - started : null);
            }
          }, 20);
        });
      });
      const [x, y] = [slideArea.x + slideArea.width / 2, slideArea.y + slideArea.height / 2];
      await page.mouse.move(x + (slideArea.width * dx) / 2, y + (slideArea.height * dy) / 2);
      await page.mouse.down();
      await page.mouse.move(x - (slideArea.width * dx) / 2, y - (slideArea.height * dy) / 2, { steps: 4 });
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
