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
    await expect(form.getByRole("status", { name: "Referral result" })).toContainText(/^Referral saved\. (The case is on the agenda of .+\.|No meeting takes referrals yet: the case is on the chair's waiting list\.)/);
    await expect(page.getByRole("table", { name: "My referrals" }).getByRole("row", { name: /SØRENSEN, Ingrid/ })).toBeVisible();
    // The form is empty for the next referral, and the message stays.
    await expect(form.getByLabel("MRN", { exact: true })).toHaveValue("");
    await expect(form.getByLabel("Clinical question")).toHaveValue("");
    await expect(form.getByRole("status", { name: "Referral result" })).toContainText("Referral saved.");
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
    // The patient's condition is chosen; no condition fields to fill.
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

  test("an empty referral shows what is missing beside each field, and the examples follow the board's tumour site", async ({ page }) => {
    await signInAs(page, "oncologist@concilium.test");
    await page.goto("/referrals");
    const form = page.getByRole("form", { name: "New referral" });
    await form.getByLabel("Board", { exact: true }).selectOption({ label: "Thoracic Oncology Board" });
    await expect(form.getByLabel("Topography (ICD-O-3)")).toHaveAttribute("placeholder", "C34.1");
    await form.getByLabel("Board", { exact: true }).selectOption({ label: "Breast Cancer Board" });
    await expect(form.getByLabel("Topography (ICD-O-3)")).toHaveAttribute("placeholder", "C50.4");
    await expect(form.getByLabel("Site", { exact: true })).toHaveAttribute("placeholder", "Upper-outer quadrant of breast");
    await expect(form.getByLabel("Histology")).toHaveAttribute("placeholder", "Infiltrating duct carcinoma, NOS");

    await form.getByRole("button", { name: "Refer to the board" }).click();
    await expect(form.getByRole("alert", { name: "Referral problem" })).toContainText("Please complete the marked fields");
    await expect(form.getByText("Write the question for the board.", { exact: true })).toBeVisible();
    await expect(form.getByText("Give the family name.", { exact: true })).toBeVisible();
    await expect(form.getByLabel("Clinical question")).toHaveAttribute("aria-invalid", "true");
    await shot(page, "referral-empty-submit");
  });

  test("a new patient who matches another board's patient is flagged without details, then referred on a declared relationship", async ({ page }) => {
    // Dr Dvorak is on the thoracic board only; WEBER, Ingrid (MRN-300303) is a colorectal board patient.
    await signInAs(page, "nuclear@concilium.test");
    await page.goto("/referrals");
    const form = page.getByRole("form", { name: "New referral" });
    await form.getByLabel("MRN", { exact: true }).fill("E2E-REF-3");
    await form.getByLabel("Family name", { exact: true }).fill("Weber");
    await form.getByLabel("Given name", { exact: true }).fill("Ingrid");
    await form.getByLabel("Birth date").fill("1953-10-29");
    await form.getByLabel("Topography (ICD-O-3)").fill("C34.3");
    await form.getByLabel("Site", { exact: true }).fill("Lower lobe, lung");
    await form.getByLabel("Morphology (ICD-O-3)").fill("8140/6");
    await form.getByLabel("Histology").fill("Adenocarcinoma, metastatic");
    await form.getByLabel("Question type").selectOption("DIAGNOSIS");
    await form.getByLabel("Clinical question").fill("PET-CT: FDG-avid lung nodules. Metastases of her colon cancer or a new primary?");
    await form.getByRole("button", { name: "Refer to the board" }).click();
    const duplicate = form.getByRole("alert", { name: "Possible duplicate" });
    await expect(duplicate).toContainText("A patient with this name and birth date exists; give the MRN to refer them.");
    await expect(duplicate).not.toContainText("MRN-300303");
    await expect(duplicate).not.toContainText(/colon|Ascending/i);
    await shot(page, "referral-duplicate-elsewhere");

    await duplicate.getByRole("button", { name: "Search by MRN and birth date" }).click();
    await expect(form.getByLabel("Their birth date")).toHaveValue("1953-10-29");
    await form.getByLabel("Their MRN").fill("MRN-300303");
    await form.getByRole("button", { name: "Find patient" }).click();
    await expect(form.getByRole("status", { name: "Search outside your boards" })).toHaveText("A patient with this MRN and birth date exists.");
    await form.getByRole("button", { name: "Refer to the board" }).click();
    await expect(form.getByText("Declare your treatment relationship with this patient.", { exact: true })).toBeVisible();
    await form.getByLabel("Your treatment relationship").selectOption({ label: "Second opinion requested by …" });
    await form.getByLabel("Requested by (name and role)").fill("Dr Ines Varga, colorectal surgeon");
    await shot(page, "referral-declared-relationship");
    await form.getByRole("button", { name: "Refer to the board" }).click();
    await expect(form.getByRole("status", { name: "Referral result" })).toContainText("Referral saved.");
    await expect(page.getByRole("table", { name: "My referrals" }).getByRole("row", { name: /WEBER, Ingrid/ })).toBeVisible();
    await expect(form.getByLabel("Find a patient (MRN or family name)")).toHaveValue("");
    await shot(page, "referral-declared-saved");

    // The colorectal board's chair is told; the privacy officer reviews the declaration.
    await switchUser(page, "chair@concilium.test");
    await page.getByRole("button", { name: /^Notifications, [1-9]\d* unread$/ }).click();
    await expect(page.getByRole("list", { name: "Notifications" })).toContainText("Dr Pavel Dvorak referred your patient WEBER, Ingrid to the Thoracic Oncology Board");
    await switchUser(page, "admin@concilium.test");
    await page.getByRole("link", { name: "Relationships" }).click();
    const table = page.getByRole("table", { name: "Declared relationships" });
    const row = table.getByRole("row", { name: /MRN-300303/ });
    await expect(row).toContainText("Second opinion requested by: Dr Ines Varga, colorectal surgeon");
    await row.getByRole("button", { name: "Mark reviewed: Dr Pavel Dvorak, MRN MRN-300303" }).click();
    await expect(row).toContainText(/Reviewed .+ by Alex Admin/);
    await shot(page, "relationships-reviewed");
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
