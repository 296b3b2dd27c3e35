import { expect, test, type Page } from "@playwright/test";
import { shot, signInAs } from "./helpers";

async function openThoracicAgenda(page: Page) {
  await page.getByRole("table", { name: "Upcoming meetings" }).getByRole("row").filter({ hasText: "Thoracic Oncology Board" }).getByRole("link").click();
  await expect(page.getByRole("table", { name: "Agenda" })).toBeVisible();
}

// The LIDC patient's case page, found through the agenda in the first journey and reused by the last.
let lidcCaseUrl = "";

test.describe.serial("the tumour-board loop", () => {
  test("a coordinator goes from the agenda to the case and records the decision", async ({ page }) => {
    await signInAs(page, "coordinator@concilium.test");
    await openThoracicAgenda(page);
    await expect(page.getByRole("progressbar", { name: /Planned \d+ of 90 minutes/ })).toBeVisible();
    await shot(page, "agenda-thoracic");

    await page.getByRole("table", { name: "Agenda" }).getByRole("link", { name: "LINDQVIST, Harald" }).click();
    await expect(page.getByRole("heading", { name: "LINDQVIST, Harald" })).toBeVisible();
    lidcCaseUrl = page.url();
    const timeline = page.getByRole("list", { name: "Timeline items" });
    // What stands above the timeline comes with the page itself: nothing loads into place afterwards and moves the
    // timeline under the reader's pointer (a click meant for a study then lands elsewhere).
    const html = await (await page.request.get(lidcCaseUrl)).text();
    expect(html.includes("Loading the letters"), "the letters' recipients come with the page").toBe(false);
    expect(html.includes('aria-label="Readiness items"'), "the readiness items come with the page").toBe(true);
    await expect(timeline).toContainText("Study: CT");
    await expect(timeline).toContainText("Lung nodule");
    await shot(page, "case-lidc");

    const form = page.getByRole("form", { name: "Record decision" });
    await form.getByLabel("Prefix").selectOption("c");
    await form.getByLabel("T category").selectOption("T1c");
    await form.getByLabel("N category").selectOption("N0");
    await form.getByLabel("M category").selectOption("M0");
    await form.getByLabel("Stage group").selectOption("IA3");
    await form.getByLabel("Histology").fill("Adenocarcinoma");
    await form.getByLabel("Intent").selectOption("CURATIVE");
    await form.getByLabel("Further diagnostics").check();
    await form.getByLabel("Surgery").check();
    await form.getByLabel("Recommendation").fill("CT-guided biopsy, then anatomical resection if malignant.");
    await form.getByLabel("Rationale").fill("Nodule rated highly suspicious by all four readers; fit for surgery.");
    await form.getByRole("button", { name: "Save now" }).click();
    await expect(form.getByRole("status", { name: "Save status" })).toContainText("Draft version 1 saved");
    await page.reload();
    await expect(page.getByRole("list", { name: "Decision versions" })).toContainText("Draft");
    await shot(page, "case-decision-draft");
  });

  test("impossible staging is refused with a clear message and the form keeps what was typed", async ({ page }) => {
    await signInAs(page, "coordinator@concilium.test");
    await openThoracicAgenda(page);
    await page.getByRole("table", { name: "Agenda" }).getByRole("link", { name: "LINDQVIST, Harald" }).click();
    const form = page.getByRole("form", { name: "Record decision" });
    await form.getByLabel("T category").selectOption("Tis");
    await form.getByLabel("N category").selectOption("N2");
    await form.getByRole("button", { name: "Save now" }).click();
    await expect(form.getByRole("status", { name: "Save status" })).toContainText("Not saved yet: correct the marked fields");
    await expect(form.getByText(/Tis with N2 is not a valid combination/)).toBeVisible();
    await expect(form.getByLabel("Recommendation")).toHaveValue("CT-guided biopsy, then anatomical resection if malignant.");
  });

  test("a specialist follows the case but cannot record the decision", async ({ page }) => {
    await signInAs(page, "radiologist@concilium.test");
    await openThoracicAgenda(page);
    await page.getByRole("table", { name: "Agenda" }).getByRole("link", { name: "LINDQVIST, Harald" }).click();
    await expect(page.getByRole("heading", { name: "Board decision" })).toBeVisible();
    await expect(page.getByRole("form", { name: "Record decision" })).toHaveCount(0);
  });

  test("the chair signs the decision and it appears in the outcomes list", async ({ page }) => {
    await signInAs(page, "chair@concilium.test");
    await openThoracicAgenda(page);
    await expect(page.getByRole("row", { name: /LINDQVIST, Harald/ })).toContainText("Draft");
    await page.getByRole("table", { name: "Agenda" }).getByRole("link", { name: "LINDQVIST, Harald" }).click();
    await page.getByRole("button", { name: "Sign decision" }).click();
    // Quorate when the meeting journey recorded attendance before; run alone, the chair is asked for a reason.
    const withoutQuorum = page.getByRole("dialog", { name: "Sign without quorum?" });
    const signed = page.getByText(/Version 1 is signed and locked/);
    await expect(signed.or(withoutQuorum)).toBeVisible();
    if (await withoutQuorum.isVisible()) {
      await withoutQuorum.getByLabel("Why the board decides without quorum").fill("Small nodule, standard follow-up agreed by all specialties beforehand.");
      await withoutQuorum.getByRole("button", { name: "Sign without quorum" }).click();
    }
    await expect(signed).toBeVisible();
    await expect(page.getByRole("list", { name: "Decision versions" })).toContainText("Signed by Dr Amara Chen");
    await shot(page, "case-decision-signed");

    await findOnOutcomes(page, "Lindqvist");
    const row = page.getByRole("table", { name: "Decisions and outcomes" }).getByRole("row", { name: /LINDQVIST, Harald/ });
    await expect(row).toContainText("Signed v1");
    await expect(row).toContainText("cT1cN0M0, stage IA3");
    await shot(page, "outcomes");
  });

  test("an outcome recorded on the case joins the dataset", async ({ page }) => {
    await signInAs(page, "coordinator@concilium.test");
    await findOnOutcomes(page, "Lindqvist");
    await page.getByRole("table", { name: "Decisions and outcomes" }).getByRole("link", { name: "LINDQVIST, Harald" }).click();
    const form = page.getByRole("form", { name: "Record outcome" });
    await form.getByLabel("What happened").selectOption("TREATMENT");
    await form.getByLabel("Treatment", { exact: true }).selectOption("OTHER");
    await form.getByRole("radio", { name: "Yes" }).check();
    await form.getByLabel("Note").fill("Biopsy booked");
    await form.getByRole("button", { name: "Record outcome" }).click();
    await expect(form.getByRole("status")).toHaveText("Outcome recorded.");
    await expect(page.getByRole("list", { name: "Outcome history" })).toContainText("Other; followed the recommendation — Biopsy booked");
    await findOnOutcomes(page, "Lindqvist");
    await expect(page.getByRole("table", { name: "Decisions and outcomes" }).getByRole("row", { name: /LINDQVIST, Harald/ })).toContainText("Other; followed the recommendation");
  });

  test("a chair of another board sees neither the meeting nor the case", async ({ page }) => {
    await signInAs(page, "breast.chair@concilium.test");
    await expect(page.getByRole("table", { name: "Past meetings" })).toContainText("Breast Cancer Board");
    await expect(page.getByRole("main")).not.toContainText("Thoracic Oncology Board");
    // The same page as for a case that does not exist: an outsider cannot even learn that it does.
    const outsiders = await page.goto(lidcCaseUrl);
    expect(outsiders?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(page.getByRole("main")).not.toContainText("LINDQVIST");
    const outcomes = await page.goto("/outcomes");
    expect(outcomes?.ok()).toBe(true);
    await expect(page.getByRole("table", { name: "Decisions and outcomes" })).not.toContainText("LINDQVIST");
  });

  test("the dark reading-room theme is one click away and stays", async ({ page }) => {
    await signInAs(page, "radiologist@concilium.test");
    await page.getByRole("button", { name: "Dark theme" }).click();
    await expect(page.locator("html")).toHaveClass(/dark/);
    await page.reload();
    await expect(page.locator("html")).toHaveClass(/dark/);
    await openThoracicAgenda(page);
    await shot(page, "agenda-dark");
  });
});

/** The outcomes list holds the board's whole history, a page at a time: find the patient by name, as a user would. */
async function findOnOutcomes(page: Page, familyName: string) {
  await page.getByRole("link", { name: "Outcomes", exact: true }).click();
  await page.getByRole("form", { name: "Filter outcomes" }).getByLabel("Patient").fill(familyName);
  await page.getByRole("form", { name: "Filter outcomes" }).getByRole("button", { name: "Filter" }).click();
  await expect(page.getByRole("form", { name: "Filter outcomes" }).getByRole("status")).toHaveText(/^1 case$/);
}
