import { expect, test, type Locator, type Page } from "@playwright/test";
import sharp from "sharp";
import { shot, signInAs } from "./helpers";

/**
 * Share of the viewport's pixels that are clearly coloured: a CT slice is grey (R = G = B), a segment overlay is not.
 * The liver's fill at 50% over soft tissue scores about 60, the grey image 0.
 */
async function colouredFraction(viewport: Locator): Promise<number> {
  const { data, info } = await sharp(await viewport.screenshot()).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let coloured = 0;
  for (let i = 0; i < data.length; i += 3) {
    if (Math.abs(data[i]! - data[i + 1]!) + Math.abs(data[i + 1]! - data[i + 2]!) > 40) coloured++;
  }
  return coloured / (info.width * info.height);
}

async function openPetrovImages(page: Page) {
  await signInAs(page, "coordinator@concilium.test");
  await page.getByRole("table", { name: "Upcoming meetings" }).getByRole("row").filter({ hasText: "Colorectal Cancer Board" }).first().getByRole("link").click();
  await page.getByRole("table", { name: "Agenda" }).getByRole("link", { name: "PETROV, Dmitri" }).click();
  await expect(page.getByRole("heading", { name: "PETROV, Dmitri" })).toBeVisible();
  await page.getByRole("link", { name: "Open images" }).click();
  const viewport = page.getByRole("img", { name: /^Current study .*: CT image \d+ of 3$/ });
  await expect(viewport).toHaveAttribute("data-status", "ready", { timeout: 30_000 });
  return viewport;
}

test("the liver SEG is drawn over the CT, follows scrolling and zoom, and hides again", async ({ page }) => {
  const viewport = await openPetrovImages(page);
  const panel = page.getByRole("region", { name: /^Current study .* segmentations$/ });
  const seg = panel.getByRole("group", { name: "Liver Segmentation" });
  const liver = seg.getByRole("checkbox", { name: "Liver" });
  await expect(liver).not.toBeChecked();
  // Without the overlay only the viewer's own marks are coloured (orientation letters, the slice scroll bar): under 1%.
  const plain = await colouredFraction(viewport);
  expect(plain).toBeLessThan(0.01);

  // Drawn on the CPU until an overlay is asked for: Cornerstone draws labelmaps with WebGL only, so the panel
  // switches to it, at the same slice.
  const rendering = page.getByRole("status", { name: /^Current study .* rendering$/ });
  await expect(rendering).toHaveText("CPU rendering (no GPU)");
  await liver.check();
  await expect(seg).toHaveAttribute("aria-busy", "false");
  await expect(seg.getByRole("alert")).toHaveCount(0);
  await expect(rendering).toHaveText("WebGL rendering (for the segmentation overlay)");
  await expect(viewport).toHaveAccessibleName(/image 2 of 3$/);
  // The liver covers about 5% of the (wide) viewport.
  await expect.poll(() => colouredFraction(viewport), { timeout: 15_000 }).toBeGreaterThan(0.03);
  const onMiddle = await colouredFraction(viewport);
  test.info().annotations.push({ type: "coloured", description: `no overlay ${(plain * 100).toFixed(2)}%, liver on ${(onMiddle * 100).toFixed(2)}%` });
  await shot(page, "viewer-seg-liver");

  // Every slice has its own mask: the overlay is there on the next slice too, and differs from this one.
  const middle = await viewport.screenshot();
  await viewport.focus();
  await page.keyboard.press("ArrowDown");
  await expect(viewport).toHaveAccessibleName(/image 3 of 3$/);
  await expect.poll(() => colouredFraction(viewport)).toBeGreaterThan(0.03);
  expect((await viewport.screenshot()).equals(middle)).toBe(false);

  // Zoom in (right drag): the overlay grows with the image.
  const onLast = await colouredFraction(viewport);
  const box = (await viewport.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down({ button: "right" });
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 + 120, { steps: 8 });
  await page.mouse.up({ button: "right" });
  await expect.poll(() => colouredFraction(viewport)).toBeGreaterThan(onLast * 1.3);
  await shot(page, "viewer-seg-liver-zoomed");

  // The opacity slider fades the fill.
  const opaque = await colouredFraction(viewport);
  await seg.getByRole("slider", { name: "Opacity of Liver Segmentation" }).fill("0");
  await expect.poll(() => colouredFraction(viewport)).toBeLessThan(opaque / 2);
  await seg.getByRole("slider", { name: "Opacity of Liver Segmentation" }).fill("50");
  await expect.poll(() => colouredFraction(viewport)).toBeGreaterThan(opaque / 2);

  await liver.uncheck();
  // Back to the viewer's own marks only, far below the liver's share.
  await expect.poll(() => colouredFraction(viewport)).toBeLessThan(Math.min(0.015, onMiddle / 3));
  await shot(page, "viewer-seg-liver-hidden");
});

test("overlapping segments of one SEG are each drawn in their own colour", async ({ page }) => {
  const viewport = await openPetrovImages(page);
  await expect(viewport).toHaveAccessibleName(/image 2 of 3$/);
  const seg = page.getByRole("region", { name: /^Current study .* segmentations$/ }).getByRole("group", { name: "Segmentation", exact: true });
  for (const label of ["GREEN", "ORANGE", "PURPLE", "LIGHT_BLUE", "DARK_BLUE"]) await expect(seg.getByRole("checkbox", { name: label })).toBeVisible();

  // On the middle slice GREEN (9602 pixels) and ORANGE (11888) overlap by 3017 pixels: each is drawn in a layer of
  // its own, so either one alone shows, and both together cover more than either.
  const green = seg.getByRole("checkbox", { name: "GREEN" });
  const orange = seg.getByRole("checkbox", { name: "ORANGE" });
  await green.check();
  await expect(seg).toHaveAttribute("aria-busy", "false");
  await expect(seg.getByRole("alert")).toHaveCount(0);
  await expect.poll(() => colouredFraction(viewport)).toBeGreaterThan(0.005);
  const greenOnly = await colouredFraction(viewport);
  await orange.check();
  await expect.poll(() => colouredFraction(viewport)).toBeGreaterThan(greenOnly * 1.3);
  const both = await colouredFraction(viewport);
  await shot(page, "viewer-seg-overlaps");
  await green.uncheck();
  await expect.poll(() => colouredFraction(viewport)).toBeLessThan(both * 0.95);
  expect(await colouredFraction(viewport)).toBeGreaterThan(0.005);
  test.info().annotations.push({ type: "coloured", description: `GREEN ${(greenOnly * 100).toFixed(2)}%, GREEN+ORANGE ${(both * 100).toFixed(2)}%` });
});
