import { expect, test, type Page } from "@playwright/test";
import { shot, signInAs } from "./helpers";

/** Signs the current user out, then in as someone else, in the same page. */
async function switchUser(page: Page, email: string) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/login/);
  await signInAs(page, email);
}

test.describe.serial("referral and board settings", () => {
  test("a specialist refers a new patient with a structured question and sees where the case landed", async ({ page }) => {
    await signInAs(page, "radiologist@concilium.test");
    await page.getByRole("link", { name: "Referrals" }).click();
    const form = page.getByRole("form", { name: "New referral" });
    await form.getByLabel("Board", { exact: true }).selectOption({ label: "Thoracic Oncology Board" });
    await form.getByLabel("Urgency").selectOption("URGENT");
    await form.getByLabel("MRN", { exact: true }).fill("E2E-REF-1");
    await form.getByLabel("Family name", { exact: true }).fill("Sørensen");
    await form.getByLabel("Given name", { exact: true }).fill("Ingrid");
    await form.getByLabel("Birth date").fill("1956-04-09");
    await form.getByLabel("Sex").selectOption("FEMALE");
    await form.getByLabel("Topography (ICD-O-3)").fill("C34.1");
    await form.getByLabel("Site", { exact: true }).fill("Upper lobe, lung");
    await form.getByLabel("Morphology (ICD-O-3)").fill("8140/3");
    await form.getByLabel("Histology").fill("Adenocarcinoma, NOS");
    await form.getByLabel("Question type").selectOption("STAGING");
    await form.getByLabel("ECOG performance status").selectOption("1");
    await form.getByLabel("Clinical question").fill("PET-CT shows a 2 cm FDG-avid RUL mass and an avid station 4R node. EBUS before surgery?");
    await form.getByRole("button", { name: "Add attachment" }).click();
    await form.getByLabel("Description", { exact: true }).fill("PET-CT report of last week");
    await form.getByLabel("Referring physician").fill("Dr Maria Lindgren");
    await shot(page, "referral-form");
    await form.getByRole("button", { name: "Refer to the board" }).click();
    await expect(form.getByRole("status")).toContainText(/^Referral saved\. (The case is on the agenda of .+\.|No meeting takes referrals yet: the case is on the chair's waiting list\.)/);
    await expect(page.getByRole("table", { name: "My referrals" }).getByRole("row", { name: /SØRENSEN, Ingrid/ })).toBeVisible();
    await shot(page, "referral-saved");
  });

  test("a second open referral of the same patient and a bad ICD-O-3 code are refused with clear messages", async ({ page }) => {
    await signInAs(page, "oncologist@concilium.test");
    await page.goto("/referrals");
    const form = page.getByRole("form", { name: "New referral" });
    await form.getByLabel("Board", { exact: true }).selectOption({ label: "Thoracic Oncology Board" });
    await form.getByLabel("Find a patient (MRN or family name)").fill("Lindq");
    await form.getByRole("button", { name: /^LINDQVIST, Harald/ }).click();
    await expect(form.getByRole("status")).toContainText("Referring LINDQVIST, Harald");
    await form.getByLabel("Clinical question").fill("Second opinion?");
    await form.getByRole("button", { name: "Refer to the board" }).click();
    await expect(form.getByRole("alert")).toContainText("This patient already has an open referral to this board");

    await form.getByRole("button", { name: "Choose another" }).click();
    await form.getByLabel("Find a patient (MRN or family name)").fill("");
    await form.getByLabel("MRN", { exact: true }).fill("E2E-REF-2");
    await form.getByLabel("Family name", { exact: true }).fill("Nowak");
    await form.getByLabel("Given name", { exact: true }).fill("Adam");
    await form.getByLabel("Birth date").fill("1949-01-01");
    await form.getByLabel("Topography (ICD-O-3)").fill("lung");
    await form.getByLabel("Site", { exact: true }).fill("Lung");
    await form.getByLabel("Morphology (ICD-O-3)").fill("8070/3");
    await form.getByLabel("Histology").fill("Squamous cell carcinoma");
    await form.getByRole("button", { name: "Refer to the board" }).click();
    await expect(form.getByRole("alert")).toContainText("ICD-O-3 code such as C34.1");
    await shot(page, "referral-refused");
  });

  test("the chair is told about the urgent referral", async ({ page }) => {
    await signInAs(page, "chair@concilium.test");
    await page.getByRole("button", { name: /^Notifications, [1-9]\d* unread$/ }).click();
    await expect(page.getByRole("list", { name: "Notifications" })).toContainText("New urgent referral to the Thoracic Oncology Board: SØRENSEN, Ingrid");
  });

  test("the chair edits the board's quorum and a readiness rule; a coordinator only reads them", async ({ page }) => {
    await signInAs(page, "chair@concilium.test");
    await page.getByRole("link", { name: "Boards" }).click();
    await page.getByRole("link", { name: "Thoracic Oncology Board" }).click();
    const settings = page.getByRole("form", { name: "Board settings" });
    await expect(settings.getByLabel("Pathology", { exact: true })).toBeChecked();
    await settings.getByLabel("Nuclear medicine", { exact: true }).check();
    await settings.getByRole("button", { name: "Save settings" }).click();
    await expect(settings.getByRole("status")).toHaveText("Settings saved.");

    const rules = page.getByRole("form", { name: "Readiness rules" });
    await expect(page.getByText(/^Version 1, saved by Dr Amara Chen/)).toBeVisible();
    await rules.getByLabel("Max age (days)").first().fill("42");
    await rules.getByLabel("Label", { exact: true }).first().fill("CT chest within 42 days");
    await rules.getByRole("button", { name: "Save rules" }).click();
    await expect(rules.getByRole("status")).toHaveText("Saved as version 2.");
    await expect(page.getByText(/^Version 2, saved by Dr Amara Chen/)).toBeVisible();
    await shot(page, "board-settings");

    // Back to the seeded quorum for the journeys that follow.
    await settings.getByLabel("Nuclear medicine", { exact: true }).uncheck();
    await settings.getByRole("button", { name: "Save settings" }).click();
    await expect(settings.getByRole("status")).toHaveText("Settings saved.");

    await switchUser(page, "coordinator@concilium.test");
    await page.goto("/boards");
    await page.getByRole("link", { name: "Thoracic Oncology Board" }).click();
    await expect(page.getByRole("list", { name: "Readiness rules" })).toContainText("CT chest within 42 days");
    await expect(page.getByRole("form", { name: "Readiness rules" })).toHaveCount(0);
    await expect(page.getByRole("form", { name: "Board settings" })).toHaveCount(0);
  });
});
