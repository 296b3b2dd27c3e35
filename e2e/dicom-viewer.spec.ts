import { expect, test, type Locator, type Page } from "@playwright/test";
import sharp from "sharp";
import { expectCspClean, openLatestPastMeeting, shot, signInAs, watchCsp } from "./helpers";

/** Share of the viewport's pixels that are not black: a rendered CT slice is far from empty. */
async function litFraction(viewport: Locator): Promise<number> {
  const { data, info } = await sharp(await viewport.screenshot()).greyscale().raw().toBuffer({ resolveWithObject: true });
  let lit = 0;
  for (let i = 0; i < data.length; i++) if (data[i]! > 40) lit++;
  return lit / (info.width * info.height);
}

// The strict Content-Security-Policy must leave the viewer whole: codecs (WebAssembly), workers, images.
test.beforeEach(({ page }) => watchCsp(page));
test.afterEach(({ page }) => expectCspClean(page));

async function openCase(page: Page, patient: string) {
  await page.getByRole("table", { name: "Upcoming meetings" }).getByRole("row").filter({ hasText: "Thoracic Oncology Board" }).getByRole("link").click();
  await page.getByRole("link", { name: patient }).click();
  await expect(page.getByRole("heading", { name: patient })).toBeVisible();
}

test("the LIDC chest CT opens from the timeline, scrolls, windows and measures", async ({ page }) => {
  await signInAs(page, "radiologist@concilium.test");
  await openCase(page, "LINDQVIST, Harald");
  const started = Date.now();
  await page.getByRole("list", { name: "Timeline items" }).getByRole("link", { name: /^Study: CT/ }).click();

  const viewport = page.getByRole("img", { name: /^Current study .*: CT image \d+ of 133$/ });
  await expect(viewport).toHaveAttribute("data-status", "ready", { timeout: 30_000 });
  test.info().annotations.push({ type: "timing", description: `timeline click to first CT image: ${Date.now() - started} ms` });
  expect(await litFraction(viewport)).toBeGreaterThan(0.1);

  await viewport.focus();
  const before = await viewport.getAttribute("aria-label");
  await page.keyboard.press("ArrowDown");
  await expect(viewport).not.toHaveAttribute("aria-label", before!);
  await page.getByRole("button", { name: "Lung" }).click();
  await expect(page.getByText(/W 1500 \/ L -600/)).toBeVisible();
  await shot(page, "viewer-lidc-lung-window");

  // A length measurement, drawn with the mouse, is listed with its value in mm.
  await page.getByRole("toolbar", { name: /Current study .* tools/ }).getByRole("button", { name: "Length" }).click();
  const box = (await viewport.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.5);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5, { steps: 8 });
  await page.mouse.up();
  await expect(page.getByRole("region", { name: "Measurements" })).toContainText(/Length \d+\.\d mm/);
  await shot(page, "viewer-lidc-length");

  // Kept for the board, it becomes a finding of the patient that the decision's measurement summary picks up.
  await page.getByRole("button", { name: /^Keep Length \d+\.\d mm for the board$/ }).click();
  await expect(page.getByRole("region", { name: "Measurements" }).getByRole("status")).toHaveText("Kept for the board");
  await page.getByRole("link", { name: "Back to the case" }).click();
  await expect(page.getByRole("region", { name: "Findings", exact: true })).toContainText("Length measurement");
});

test("the radiologists' nodule finding opens the CT at the marked slice", async ({ page }) => {
  await signInAs(page, "radiologist@concilium.test");
  await openCase(page, "LINDQVIST, Harald");
  await page.getByRole("list", { name: "Timeline items" }).getByRole("link", { name: /^Finding: Lung nodule/ }).click();
  const viewport = page.getByRole("img", { name: /^Current study .*: CT image \d+ of 133$/ });
  await expect(viewport).toHaveAttribute("data-status", "ready", { timeout: 30_000 });
  // The nodule lies between z -125 and -105 mm, near the middle of the 133 slices sorted from -340 to -10 mm.
  const index = Number((await viewport.getAttribute("aria-label"))!.match(/image (\d+) of/)![1]);
  expect(index).toBeGreaterThan(80);
  expect(index).toBeLessThan(100);
  // The readers' outlines are drawn over the nodule, follow zoom, and say on which images they lie.
  const outline = page.getByRole("img", { name: "Outline of Lung nodule on this image" });
  await expect(outline).toBeVisible();
  const toggle = page.getByRole("checkbox", { name: /^Outline of Lung nodule \(images \d+–\d+\)$/ });
  await expect(toggle).toBeChecked();
  const [first, last] = (await toggle.evaluate((el) => el.parentElement!.textContent!)).match(/images (\d+)–(\d+)/)!.slice(1).map(Number);
  expect(first).toBeLessThanOrEqual(index);
  expect(last).toBeGreaterThanOrEqual(index);
  const drawn = await outline.locator("polyline").first().boundingBox();
  const box = (await viewport.boundingBox())!;
  // The nodule (a few centimetres at most) sits in the right lung: a small outline inside the image.
  expect(drawn!.width).toBeGreaterThan(3);
  expect(drawn!.width).toBeLessThan(box.width / 4);
  expect(drawn!.x).toBeGreaterThan(box.x);
  await shot(page, "viewer-lidc-nodule");
  await toggle.uncheck();
  await expect(outline).toHaveCount(0);
  // Away from the nodule's slices there is nothing to draw.
  await toggle.check();
  await viewport.focus();
  await page.keyboard.press("Home");
  await expect(viewport).toHaveAccessibleName(/CT image 1 of 133$/);
  await expect(page.getByRole("img", { name: "Outline of Lung nodule on this image" })).toHaveCount(0);
});

test("compressed files (RLE, JPEG 2000) render, and a prior study opens side by side", async ({ page }) => {
  await signInAs(page, "oncologist@concilium.test");
  await openCase(page, "OKAFOR, Grace");
  await page.getByRole("link", { name: "Open images" }).click();
  const current = page.getByRole("img", { name: /^Current study / });
  await expect(current).toHaveAttribute("data-status", "ready", { timeout: 30_000 });
  const compare = page.getByLabel("Compare with");
  const options = await compare.locator("option").allTextContents();
  for (const option of options.filter((o) => !o.startsWith("—"))) {
    await compare.selectOption({ label: option });
    const prior = page.getByRole("img", { name: /^Prior study / });
    await expect(prior).toHaveAttribute("data-status", "ready", { timeout: 30_000 });
    expect(await litFraction(prior)).toBeGreaterThan(0.02);
  }
  await expect(page.getByRole("main").getByRole("alert")).toHaveCount(0);
  await shot(page, "viewer-compare-prior");
});

test("an MR whose header has a window width of 0 is shown with the pixel range", async ({ page }) => {
  await signInAs(page, "radiologist@concilium.test");
  await openLatestPastMeeting(page, "Thoracic Oncology Board");
  await page.getByRole("table", { name: "Agenda" }).getByRole("link", { name: "FISCHER, Anna" }).click();
  await page.getByRole("link", { name: "Open images" }).click();
  const viewport = page.getByRole("img", { name: /^Current study .*: MR image \d+ of 20$/ });
  await expect(viewport).toHaveAttribute("data-status", "ready", { timeout: 30_000 });
  // The head is lit and the air around it stays dark: about 17% of the viewport; an inverted image lights up 40%.
  const lit = await litFraction(viewport);
  expect(lit).toBeGreaterThan(0.05);
  expect(lit).toBeLessThan(0.3);
  await shot(page, "viewer-mr-window-zero");
});
