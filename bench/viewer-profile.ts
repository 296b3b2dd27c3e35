// Where the first CT image's time goes: `npx tsx bench/viewer-profile.ts <base> <imagingUrl>` against a running server
// (`BENCH_PORT=... npx tsx bench/run.ts viewer` leaves none; start `node scripts/serve.mjs` on data/bench). Prints the
// network waterfall of one warm navigation and the page's own marks up to the viewer's data-status="ready".
import { chromium } from "@playwright/test";

const [base, imagingUrl] = process.argv.slice(2);
if (!base || !imagingUrl) throw new Error("usage: viewer-profile.ts <base> <imagingUrl>");
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

async function main() {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ARGS, headless: true });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel("E-mail").fill("radiologist@concilium.test");
    await page.getByLabel("Password").fill("concilium-demo");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    for (let run = 0; run < 3; run++) {
      await page.goto(`${base}${imagingUrl}`);
      await page.locator('[role="img"][data-status="ready"]').first().waitFor({ timeout: 60_000 });
      const report = await page.evaluate(() => {
        const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
        const resources = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).map((r) => ({
          name: r.name.replace(location.origin, "").slice(0, 90),
          start: Math.round(r.startTime),
          end: Math.round(r.responseEnd),
          kb: Math.round(r.encodedBodySize / 1024),
          type: r.initiatorType,
        }));
        const longTasks = (performance.getEntriesByType("longtask") as PerformanceEntry[]).map((t) => [Math.round(t.startTime), Math.round(t.duration)]);
        const marks = performance.getEntriesByType("mark").filter((m) => m.name.startsWith("concilium:")).map((m) => `${m.name.slice(10)} ${Math.round(m.startTime)}`).join(", ");
        return { marks, now: Math.round(performance.now()), domContentLoaded: Math.round(nav.domContentLoadedEventEnd), load: Math.round(nav.loadEventEnd), responseEnd: Math.round(nav.responseEnd), resources, longTasks };
      });
      console.log(`run ${run}: ready at ${report.now} ms; HTML end ${report.responseEnd}, DCL ${report.domContentLoaded}, load ${report.load}; ${report.marks}`);
      if (run === 2) for (const r of report.resources.filter((x) => x.start < report.now).sort((a, b) => a.start - b.start)) console.log(`  ${String(r.start).padStart(5)}-${String(r.end).padStart(5)} ${String(r.kb).padStart(5)} KB ${r.type.padEnd(8)} ${r.name}`);
    }
  } finally {
    await browser.close();
  }
}
void main();
