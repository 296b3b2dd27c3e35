import path from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import sharp from "sharp";
import { expectCspClean, shot, signInAs, watchCsp } from "./helpers";

const SHARED_DATA = process.env.DEMO_DATA_DIR ? path.resolve(process.env.DEMO_DATA_DIR) : path.resolve("..", "shared", "data");
const SVS = path.join(SHARED_DATA, "pathology", "cmu-1-small-region.svs");

// The strict Content-Security-Policy must leave the viewer whole: OpenSeadragon's canvas, tiles and styles.
test.beforeEach(({ page }) => watchCsp(page));
test.afterEach(({ page }) => expectCspClean(page));

async function openCase(page: Page, board: string, patient: string) {
  await page.getByRole("table", { name: "Upcoming meetings" }).getByRole("row").filter({ hasText: board }).getByRole("link").click();
  await page.getByRole("link", { name: patient }).click();
  await expect(page.getByRole("heading", { name: patient })).toBeVisible();
}

/** The slide area once OpenSeadragon has drawn every tile it needs. */
async function loadedSlide(page: Page, label: string): Promise<Locator> {
  const slide = page.getByRole("group", { name: `Slide ${label}` });
  await expect(slide).toHaveAttribute("aria-busy", "false", { timeout: 30_000 });
  return slide;
}

/** Stained tissue is far from a flat colour: the drawn slide must show real contrast. */
async function contrast(area: Locator): Promise<number> {
  const stats = await sharp(await area.screenshot()).greyscale().stats();
  return stats.channels[0]!.stdev;
}

async function drag(page: Page, area: Locator, from: [number, number], to: [number, number]) {
  const box = (await area.boundingBox())!;
  await page.mouse.move(box.x + box.width * from[0], box.y + box.height * from[1]);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * to[0], box.y + box.height * to[1], { steps: 8 });
  await page.mouse.up();
}

let lidcSlideUrl = "";
let lidcCaseId = "";

test.describe.serial("pathology slides", () => {
  test("the LIDC patient's SVS slide opens from the case timeline with stain, specimen and a scale bar", async ({ page }) => {
    await signInAs(page, "pathologist@concilium.test");
    await openCase(page, "Thoracic Oncology Board", "LINDQVIST, Harald");
    lidcCaseId = new URL(page.url()).pathname.split("/").pop()!;
    const started = Date.now();
    await page.getByRole("list", { name: "Timeline items" }).getByRole("link", { name: /^Slide: Core biopsy A1/ }).click();

    await expect(page.getByRole("heading", { name: "Core biopsy A1" })).toBeVisible();
    const slide = await loadedSlide(page, "Core biopsy A1");
    test.info().annotations.push({ type: "timing", description: `timeline click to slide fully loaded: ${Date.now() - started} ms` });
    lidcSlideUrl = page.url();
    expect(lidcSlideUrl).toContain(`?case=${lidcCaseId}`);
    await expect(page.getByText("H&E", { exact: true })).toBeVisible();
    await expect(page.getByText("Left lower lobe, CT-guided core biopsy")).toBeVisible();
    await expect(page.getByRole("img", { name: /^Scale bar: \d+ (µm|mm)$/ })).toBeVisible();
    expect(await contrast(slide)).toBeGreaterThan(15);
    await shot(page, "slide-viewer-svs");

    // + zooms in from the toolbar (without the canvas focused), down to the 40x limit at most.
    const scaleBar = page.getByRole("img", { name: /^Scale bar/ });
    const before = await scaleBar.getAttribute("aria-label");
    await page.getByRole("button", { name: "Pan" }).focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press("+");
    await expect(scaleBar).not.toHaveAttribute("aria-label", before!);
    for (let i = 0; i < 12; i++) await page.keyboard.press("+");
    await expect(page.getByLabel("Magnification")).toHaveText("≈ 40×");
    await page.keyboard.press("ArrowRight");
    await loadedSlide(page, "Core biopsy A1");
    await shot(page, "slide-viewer-svs-40x");

    // A drag at 40x draws the next field whole (its tiles fetched and decoded around the last one, or loaded then):
    // tissue, not a blank or half-drawn canvas.
    await drag(page, slide, [0.8, 0.5], [0.2, 0.5]);
    await loadedSlide(page, "Core biopsy A1");
    expect(await contrast(slide)).toBeGreaterThan(15);
    await shot(page, "slide-viewer-svs-40x-dragged");
  });

  test("a pathologist draws a rectangle and a free-hand outline that stay on the case, and deletes one", async ({ page }) => {
    await signInAs(page, "pathologist@concilium.test");
    await page.goto(lidcSlideUrl);
    const slide = await loadedSlide(page, "Core biopsy A1");
    const tools = page.getByRole("toolbar", { name: "Annotation tools" });

    await tools.getByRole("button", { name: "Rectangle" }).click();
    await expect(tools.getByRole("button", { name: "Rectangle" })).toHaveAttribute("aria-pressed", "true");
    await drag(page, slide, [0.45, 0.35], [0.55, 0.5]);
    const save = page.getByRole("form", { name: "Save annotation" });
    await save.getByLabel("Label (optional)").fill("Tumour front");
    await save.getByRole("button", { name: "Save annotation" }).click();
    const list = page.getByRole("list", { name: "Annotations" });
    await expect(list).toContainText("Tumour front");

    await tools.getByRole("button", { name: "Free-hand" }).click();
    const box = (await slide.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5 + 60, box.y + box.height * 0.7);
    await page.mouse.down();
    for (let i = 1; i <= 36; i++) {
      const angle = (i / 36) * 2 * Math.PI;
      await page.mouse.move(box.x + box.width * 0.5 + 60 * Math.cos(angle), box.y + box.height * 0.7 + 40 * Math.sin(angle));
    }
    await page.mouse.up();
    await save.getByRole("button", { name: "Save annotation" }).click();
    await expect(list).toContainText("Free-hand outline");

    // Escape cancels a drawing in progress: nothing to save.
    await tools.getByRole("button", { name: "Rectangle" }).click();
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.35, box.y + box.height * 0.4, { steps: 4 });
    await page.keyboard.press("Escape");
    await page.mouse.up();
    await expect(save).toHaveCount(0);
    await shot(page, "slide-viewer-annotations");

    // Kept on the case: still there after a reload.
    await page.reload();
    await loadedSlide(page, "Core biopsy A1");
    await expect(list).toContainText("Tumour front");
    await expect(list).toContainText("Free-hand outline");
    await page.getByRole("button", { name: "Delete Tumour front" }).click();
    await expect(list).not.toContainText("Tumour front");
    await expect(list).toContainText("Free-hand outline");
  });

  test("the viewer works in the dark theme", async ({ page }) => {
    await signInAs(page, "pathologist@concilium.test");
    await page.goto(lidcSlideUrl);
    await loadedSlide(page, "Core biopsy A1");
    await page.getByRole("button", { name: "Dark theme" }).click();
    await expect(page.locator("html")).toHaveClass(/dark/);
    await expect(page.getByRole("img", { name: /^Scale bar/ })).toBeVisible();
    await shot(page, "slide-viewer-dark");
    await page.getByRole("button", { name: "Dark theme" }).click();
  });

  test("the DICOM WSI of the liver patient is served straight from its frames", async ({ page }) => {
    await signInAs(page, "pathologist@concilium.test");
    await openCase(page, "Colorectal Cancer Board", "PETROV, Dmitri");
    await page.getByRole("list", { name: "Timeline items" }).getByRole("link", { name: /^Slide: Liver biopsy B1/ }).click();
    const slide = await loadedSlide(page, "Liver biopsy B1");
    await expect(page.getByRole("definition").filter({ hasText: "DICOM WSI" })).toBeVisible();
    expect(await contrast(slide)).toBeGreaterThan(15);
    await shot(page, "slide-viewer-dicom-wsi");
  });

  test("a slide uploaded in the browser shows upload and conversion progress, then opens", async ({ page }) => {
    await signInAs(page, "pathologist@concilium.test");
    await page.goto(`/slides?case=${lidcCaseId}`);
    await expect(page.getByRole("table", { name: "Slides" })).toContainText("Core biopsy A1");
    const form = page.getByRole("form", { name: "Upload a slide" });

    // Not a slide: refused with a message that says what is accepted.
    await form.getByLabel("Label").fill("Notes");
    await form.getByLabel("Specimen").fill("None");
    await form.getByLabel(/^Slide file/).setInputFiles({ name: "notes.svs", mimeType: "image/tiff", buffer: Buffer.from("these are notes, not a slide") });
    await form.getByRole("button", { name: "Upload slide" }).click();
    await expect(form.getByRole("status")).toContainText("This file is not a slide Concilium can show");

    await form.getByLabel("Label").fill("Wedge B2");
    await form.getByLabel("Specimen").fill("Left lower lobe, wedge resection");
    await form.getByLabel(/^Slide file/).setInputFiles(SVS);
    await form.getByRole("button", { name: "Upload slide" }).click();
    await expect(form.getByRole("progressbar", { name: "Upload progress" })).toBeVisible();
    await expect(form.getByRole("progressbar", { name: "Conversion progress" })).toBeVisible();
    await expect(form.getByRole("status")).toContainText("The slide is ready.", { timeout: 60_000 });
    await expect(form.getByRole("progressbar", { name: "Conversion progress" })).toHaveAttribute("aria-valuenow", "100");
    await shot(page, "slide-upload-done");
    await expect(page.getByRole("table", { name: "Slides" })).toContainText("Wedge B2");

    await form.getByRole("link", { name: "Open it" }).click();
    await loadedSlide(page, "Wedge B2");
  });

  test("a chair of another board can neither open the slide nor fetch its tiles", async ({ page }) => {
    await signInAs(page, "breast.chair@concilium.test");
    expect((await page.goto(lidcSlideUrl))?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    const slideId = new URL(lidcSlideUrl).pathname.split("/").pop()!;
    // The same answer as for a slide that does not exist: an outsider cannot even learn that it does.
    const tile = await page.request.get(`/api/slides/${slideId}/tiles/12/0_0.jpeg`);
    expect(tile.status()).toBe(404);
    expect(await tile.json()).toEqual({ error: "Not found." });
    expect((await page.request.get(`/api/slides/${slideId}/tiles/12/..%2F0_0.jpeg`)).status()).toBe(404);
  });
});
