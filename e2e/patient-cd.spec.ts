import path from "node:path";
import { expect, test } from "@playwright/test";
import { shot, signInAs } from "./helpers";

// Two synthetic patients on one CD, with a DICOMDIR written by DCMTK's dcmmkdir (see src/integrations/dicom/dicomdir.test.ts).
const CD = path.resolve("e2e/fixtures/patient-cd");

test("a patient CD with several patients asks per patient and uploads only the chosen patient's files", async ({ page }) => {
  await signInAs(page, "radiologist@concilium.test");
  await page.getByRole("link", { name: "Import images" }).click();
  await page.getByLabel("Choose a folder").setInputFiles(CD);

  const medium = page.getByRole("region", { name: "Patient CD: 2 patients" });
  await expect(medium).toContainText("several patients");
  const anna = medium.getByRole("group", { name: /Cdalpha, Anna \(Patient ID CD-PAT-A/ });
  const bert = medium.getByRole("group", { name: /Cdbeta, Bert \(Patient ID CD-PAT-B/ });
  await expect(anna).toContainText("2025-03-01 · CT · CT chest: 2 files");
  // Nothing is decided for the user: the files are listed only once each patient has an answer.
  const list = medium.getByRole("button", { name: "List the chosen patients' files" });
  await expect(list).toBeDisabled();
  await anna.getByLabel("Import").check();
  await expect(list).toBeDisabled();
  await bert.getByLabel("Skip").check();
  await shot(page, "patient-cd-per-patient");
  await list.click();

  await expect(page.getByRole("heading", { name: "2 files" })).toBeVisible();
  const results = page.getByRole("table", { name: "Upload results" });
  await expect(results.getByRole("row", { name: /IM00003/ })).toHaveCount(0);
  await page.getByRole("button", { name: "Upload 2 files" }).click();
  // Nobody here has Patient ID CD-PAT-A: the study waits in the quarantine, like any upload.
  await expect(page.getByRole("main").getByRole("status")).toContainText("2 held in quarantine", { timeout: 30_000 });
});
