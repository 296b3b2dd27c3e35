import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { shot, signInAs } from "./helpers";

async function openCase(page: Page, patient: string) {
  await page.getByRole("table", { name: "Upcoming meetings" }).getByRole("row").filter({ hasText: "Thoracic Oncology Board" }).getByRole("link").click();
  await page.getByRole("link", { name: patient }).click();
  await expect(page.getByRole("heading", { name: patient })).toBeVisible();
}

test("the admin finds who read a patient's record by MRN, with ground and source, and downloads it as CSV", async ({ browser, page }) => {
  const coordinator = await browser.newContext();
  const coordinatorPage = await coordinator.newPage();
  await signInAs(coordinatorPage, "coordinator@concilium.test");
  await openCase(coordinatorPage, "LINDQVIST, Harald");
  await coordinator.close();

  await signInAs(page, "admin@concilium.test");
  await page.getByRole("link", { name: "Audit log" }).click();
  const search = page.getByRole("form", { name: "Search the audit log" });
  await search.getByLabel("Patient (MRN or name)").fill("LIDC-IDRI-0001");
  await search.getByLabel("User (e-mail)").fill("coordinator@");
  await search.getByLabel("Action").fill("case.read");
  await search.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/patient=LIDC-IDRI-0001/);

  const events = page.getByRole("table", { name: "Audit events" });
  const read = events.getByRole("row").filter({ hasText: "case.read" }).first();
  await expect(read).toContainText("coordinator@concilium.test");
  await expect(read).toContainText("LIDC-IDRI-0001 LINDQVIST, Harald");
  await expect(read).toContainText("Board membership");
  await expect(read).toContainText("Chrome");
  await shot(page, "audit-search-by-mrn");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile(await download.path(), "utf8");
  const lines = csv.trimEnd().split("\r\n");
  expect(lines[0]).toMatch(/^id,at,actorId,actorEmail,action,/);
  expect(lines.length).toBeGreaterThan(1);
  for (const line of lines.slice(1)) expect(line).toMatch(/coordinator@concilium\.test,case\.read,.*LIDC-IDRI-0001,"LINDQVIST, Harald",BOARD_MEMBERSHIP,/);
  await expect(page.getByRole("status")).toContainText(`Exported ${lines.length - 1} events`);
  await shot(page, "audit-csv-exported");
});

test("a clinician is refused the audit log, and the refusal is itself in the log", async ({ browser, page }) => {
  const chair = await browser.newContext();
  const chairPage = await chair.newPage();
  await signInAs(chairPage, "chair@concilium.test");
  await chairPage.goto("/admin/audit");
  await expect(chairPage.getByRole("main").getByRole("alert")).toContainText("chair role may not do this");
  await chair.close();

  await signInAs(page, "admin@concilium.test");
  await page.goto("/admin/audit?action=denied&user=chair%40concilium.test");
  await expect(page.getByRole("table", { name: "Audit events" }).getByRole("row").filter({ hasText: "admin.auditLog.denied" }).first()).toContainText("The chair role may not do this.");
  await shot(page, "audit-denial");
});
