import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { pdfText } from "../src/integrations/pdf/read-pdf-text";
import { shot, signInAs } from "./helpers";

/** Clicks a link that downloads, and returns the suggested file name and the text of the PDF. */
async function downloadPdf(page: Page, name: string) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name }).click()]);
  return { filename: file.suggestedFilename(), text: pdfText(new Uint8Array(await readFile(await file.path()))) };
}

async function search(page: Page, text: string) {
  const form = page.getByRole("search", { name: "Find a patient" });
  await form.getByLabel("MRN or name").fill(text);
  await form.getByRole("button", { name: "Search" }).click();
}

test.describe.serial("patients: search, the GP and the letters", () => {
  test("a coordinator finds a patient by MRN and by part of the name, adds the GP and writes the GP's letter", async ({ page }) => {
    await signInAs(page, "coordinator@concilium.test");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Patients" }).click();
    await expect(page.getByRole("heading", { name: "Patients" })).toBeVisible();

    await search(page, "mrn-100110");
    const results = page.getByRole("table", { name: "Patients found" });
    await expect(page.getByRole("status").filter({ hasText: "1 patient found." })).toBeVisible();
    const row = results.getByRole("row").filter({ hasText: "MRN-100110" });
    await expect(row).toContainText("AHMED, Fatima");
    await expect(row).toContainText("28 Feb 1972");
    await expect(row).toContainText("Thoracic Oncology Board");
    await expect(row.getByRole("link", { name: "Images of AHMED, Fatima" })).toBeVisible();
    await shot(page, "patients-search-mrn");

    await search(page, "ahme fati");
    await expect(results.getByRole("row").filter({ hasText: "MRN-100110" })).toBeVisible();
    await search(page, "nobody-by-this-name");
    await expect(page.getByText("No patient of your boards matches this search.")).toBeVisible();
    await search(page, "ahmed");
    await results.getByRole("link", { name: "AHMED, Fatima", exact: true }).click();
    await expect(page.getByRole("heading", { name: "AHMED, Fatima" })).toBeVisible();

    // No GP yet: the letters panel says so and offers to add one.
    const letters = page.getByRole("region", { name: "Letters and exports" });
    await expect(letters.getByText("No GP on file")).toBeVisible();
    await letters.getByRole("link", { name: "Add the GP" }).click();
    const gpForm = page.getByRole("form", { name: "General practitioner (GP)" });
    await gpForm.getByLabel("GP's name").fill("Dr Hanna Østergård");
    await gpForm.getByLabel("Practice").fill("Lakeside Family Practice");
    await gpForm.getByLabel("Address").fill("9 Lake Road\nKeswick CA12 5AB");
    await gpForm.getByLabel("E-mail").fill("h.ostergard@lakeside.example.org");
    await gpForm.getByRole("button", { name: "Save GP" }).click();
    const contacts = page.getByRole("region", { name: "Letters go to" });
    await expect(contacts.getByRole("status")).toHaveText("GP saved. Letters to the GP now go to them.");
    await expect(contacts.getByRole("region", { name: "General practitioner (GP)" })).toContainText("Lakeside Family Practice");
    await expect(letters.getByRole("link", { name: "Letter to the GP (PDF)" })).toBeVisible();
    await shot(page, "patients-gp-added");

    const gpLetter = await downloadPdf(page, "Letter to the GP (PDF)");
    expect(gpLetter.filename).toBe("letter-gp-mrn-100110-v1.pdf");
    for (const s of ["Dr Hanna Østergård", "Lakeside Family Practice", "9 Lake Road", "Re: AHMED, Fatima"]) expect(gpLetter.text).toContain(s);

    // The referring physician's letter goes to the case's referrer, not to the GP.
    const referrerLetter = await downloadPdf(page, "Letter to the referring physician (PDF)");
    expect(referrerLetter.text).toContain("Dr Peter Hughes");
    expect(referrerLetter.text).toContain("Respiratory medicine");
    expect(referrerLetter.text).not.toContain("Østergård");

    // The GP can be removed again: the letter is then refused with the same clear message.
    await contacts.getByRole("button", { name: "Edit patient details" }).click();
    for (const label of ["GP's name", "Practice", "Address", "E-mail"]) await gpForm.getByLabel(label).fill("");
    await gpForm.getByRole("button", { name: "Save GP" }).click();
    await expect(contacts.getByRole("status")).toHaveText("GP saved. Letters to the GP now go to them.");
    await expect(letters.getByText("No GP on file")).toBeVisible();
  });

  test("a coordinator corrects the referring physician on the case", async ({ page }) => {
    await signInAs(page, "coordinator@concilium.test");
    await page.goto("/patients?q=MRN-100110");
    await page.getByRole("table", { name: "Patients found" }).getByRole("link", { name: "AHMED, Fatima", exact: true }).click();
    const contacts = page.getByRole("region", { name: "Letters go to" });
    await contacts.getByRole("button", { name: "Edit referring physician" }).click();
    const form = page.getByRole("form", { name: "Referring physician" });
    await expect(form.getByLabel("Referring physician's name")).toHaveValue("Dr Peter Hughes");
    await form.getByLabel("Specialty or department").fill("Thoracic surgery, St Anne's Hospital");
    await form.getByRole("button", { name: "Save referring physician" }).click();
    await expect(contacts.getByRole("status")).toHaveText("Referring physician saved. Their letter now goes to them.");
    await expect(contacts.getByRole("region", { name: "Referring physician" })).toContainText("Thoracic surgery, St Anne's Hospital");
    await shot(page, "patients-referrer-edited");
  });

  test("an administrator sees no patients", async ({ page }) => {
    await signInAs(page, "admin@concilium.test");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Patients" })).toHaveCount(0);
    await page.goto("/patients?q=MRN-100110");
    await expect(page.getByRole("main").getByRole("alert")).toContainText("The administrator role may not do this.");
    await expect(page.getByRole("table", { name: "Patients found" })).toHaveCount(0);
  });
});
