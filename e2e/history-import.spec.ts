import { expect, test } from "@playwright/test";
import { shot, signInAs } from "./helpers";

const HEADER =
  "case_external_id,mrn,family_name,given_name,birth_date,sex,topography_code,morphology_code,referral_date,discussion_date,tnm_prefix,t_category,n_category,m_category,stage_group,intent,modalities,recommendation,treatment_given,treatment_start_date,vital_status,vital_status_date";
/** 600 synthetic past cases; line 4 (the third case) is dated in the future. */
const rows = Array.from({ length: 600 }, (_, i) => {
  const discussed = i === 2 ? "2999-01-01" : "2022-03-10";
  return `E2E-H-${i},E2E-MRN-${i},Registry,Case${i},1950-01-01,MALE,C34.1,8140/3,2022-03-01,${discussed},c,T1b,N0,M0,IA2,CURATIVE,SURGERY,Lobectomy,SURGERY,2022-04-01,ALIVE,2024-01-15`;
});
const csv = Buffer.from([HEADER, ...rows].join("\n"));

test.describe.serial("importing a registry's history", () => {
  test("a coordinator checks a CSV, sees the bad row by its line, imports the valid rows with progress and a summary", async ({ page }) => {
    await signInAs(page, "coordinator@concilium.test");
    await page.getByRole("link", { name: "Import history" }).click();
    await expect(page.getByRole("heading", { name: "Import history" })).toBeVisible();
    await page.getByLabel("Board").selectOption({ label: "Thoracic Oncology Board" });
    await page.getByLabel("History file (CSV or FHIR Bundle, JSON)").setInputFiles({ name: "registry.csv", mimeType: "text/csv", buffer: csv });
    await page.getByRole("button", { name: "Check file" }).click();

    await expect(page.getByLabel("Preview summary")).toContainText("600 rows: 599 valid, 1 with errors. Would create 599 cases and 599 patients", { timeout: 30_000 });
    const table = page.getByRole("table", { name: "Rows of the file" });
    const bad = table.getByRole("row").filter({ hasText: "discussion_date 2999-01-01 is in the future." });
    await expect(bad.getByRole("cell").first()).toHaveText("4");
    await expect(page.getByRole("button", { name: "Import valid rows" })).toBeDisabled();
    await shot(page, "history-import-preview");

    await page.getByLabel(/Import only the 599 valid rows/).check();
    await page.getByRole("button", { name: "Import valid rows" }).click();
    const progress = page.getByRole("progressbar", { name: "Importing rows" });
    await expect(progress).toBeVisible();
    await expect(progress).toHaveAttribute("aria-valuetext", "599 of 599 rows written", { timeout: 60_000 });
    const summary = page.getByRole("region", { name: "Imported" });
    await expect(summary).toContainText("Cases created599");
    await expect(summary).toContainText("Rows left out1");
    await shot(page, "history-import-done");
  });

  test("specialists have no Import history in the menu and are refused the page", async ({ page }) => {
    await signInAs(page, "radiologist@concilium.test");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Import history" })).toHaveCount(0);
    await page.goto("/import");
    await expect(page.getByRole("main").getByRole("alert")).toContainText("Past cases are imported by a board's chairs and coordinators.");
  });
});
