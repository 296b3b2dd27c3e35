import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { shot, signInAs } from "./helpers";

test("a researcher sees the pseudonymised dataset and its dictionary, downloads a CSV without MRNs, and is refused a case page", async ({ page, browser, baseURL }) => {
  // A case id as a chair would open it, for the researcher to try.
  const chairContext = await browser.newContext({ baseURL });
  const chairPage = await chairContext.newPage();
  await signInAs(chairPage, "chair@concilium.test");
  await chairPage.goto("/outcomes");
  const caseHref = await chairPage.getByRole("table", { name: "Decisions and outcomes" }).getByRole("link").first().getAttribute("href");
  expect(caseHref).toMatch(/^\/cases\//);
  await chairContext.close();

  await signInAs(page, "researcher@concilium.test");
  // Researchers start on the dataset; the menu offers nothing with a patient in it.
  await expect(page).toHaveURL(/\/dataset$/);
  await expect(page.getByRole("heading", { name: "Outcome dataset", level: 1 })).toBeVisible();
  const menu = page.getByRole("navigation", { name: "Main" });
  await expect(menu.getByRole("link", { name: "Dataset" })).toBeVisible();
  for (const clinical of ["Meetings", "Patients", "Referrals", "Outcomes", "Tasks"]) await expect(menu.getByRole("link", { name: clinical, exact: true })).toHaveCount(0);

  const count = page.getByRole("status", { name: "Row count" });
  await expect(count).toContainText(/\d+ rows/);
  const rows = Number((await count.locator("strong").textContent()) ?? "0");
  expect(rows).toBeGreaterThan(0);
  await expect(page.getByRole("heading", { name: /k-anonymity \(k = 5\)/ })).toBeVisible();
  const dictionary = page.getByRole("table", { name: "Data dictionary" });
  await expect(dictionary.getByRole("row", { name: /age_band/ })).toContainText("kept (quasi-identifier)");
  await expect(dictionary.getByRole("row", { name: /^mrn/ })).toContainText("dropped");
  const shown = page.getByRole("table", { name: "Dataset rows" });
  await expect(shown.getByRole("columnheader", { name: "pseudonym" })).toBeVisible();
  await expect(shown.getByRole("columnheader", { name: "mrn" })).toHaveCount(0);
  // Chairs only: no identifiable export for a researcher.
  await expect(page.getByRole("form", { name: "Identifiable export" })).toHaveCount(0);
  await shot(page, "dataset-researcher");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^concilium-dataset-pseudonymised-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync((await download.path())!, "utf8");
  const [header, ...records] = csv.split("\r\n").filter(Boolean);
  const columns = header!.split(",");
  expect(columns).toContain("pseudonym");
  expect(columns).toContain("age_band");
  for (const identifying of ["mrn", "family_name", "given_name", "birth_date", "decision_date"]) expect(columns).not.toContain(identifying);
  expect(records).toHaveLength(rows);
  await expect(page.getByRole("status").filter({ hasText: "Downloaded" })).toContainText(`${rows} rows`);

  await page.goto(caseHref!);
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Not available to you");
  await shot(page, "dataset-researcher-refused-case");
});

test("a chair exports the identifiable dataset with a reason", async ({ page }) => {
  await signInAs(page, "chair@concilium.test");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dataset" }).click();
  await expect(page.getByRole("heading", { name: "Outcome dataset", level: 1 })).toBeVisible();
  const form = page.getByRole("form", { name: "Identifiable export" });
  const submit = form.getByRole("button", { name: "Export identifiable CSV" });
  await expect(submit).toBeDisabled();
  await form.getByLabel("Reason for the identifiable export").fill("Linkage with the regional cancer registry, approved by the DPO");
  const [download] = await Promise.all([page.waitForEvent("download"), submit.click()]);
  expect(download.suggestedFilename()).toMatch(/^concilium-dataset-identifiable-.*\.csv$/);
  const header = readFileSync((await download.path())!, "utf8").split("\r\n")[0]!.split(",");
  expect(header).toEqual(expect.arrayContaining(["mrn", "family_name", "birth_date", "decision_date"]));
  await expect(page.getByRole("status").filter({ hasText: "Downloaded" })).toBeVisible();
  await shot(page, "dataset-chair-identifiable");
});
