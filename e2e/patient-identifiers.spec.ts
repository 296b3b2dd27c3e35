import { expect, test } from "@playwright/test";
import { shot, signInAs } from "./helpers";

// Wherever a person picks a patient, a second and third identifier stand beside the name, so that two patients of the
// same name (two "ANDERSSON, Karin") can be told apart.
const IDENTIFIERS = /MRN \S+ · born \d{2} \w+ \d{4}/;

test("the board's waiting list and the meeting's agenda and waiting list show MRN and birth date beside each name", async ({ page }) => {
  await signInAs(page, "coordinator@concilium.test");

  await page.getByRole("link", { name: "Boards", exact: true }).click();
  // The breast board's last four referrals (ANDERSSON, Karin among them) wait for a meeting.
  await page.getByRole("main").getByRole("link", { name: "Breast Cancer Board" }).first().click();
  const boardWaiting = page.getByRole("table", { name: "Waiting list" }).getByRole("row").filter({ has: page.getByRole("link") });
  await expect(boardWaiting.first()).toBeVisible();
  for (const row of await boardWaiting.all()) await expect(row).toContainText(IDENTIFIERS);
  await shot(page, "board-waiting-list-identifiers");

  await page.getByRole("link", { name: "Meetings" }).click();
  await page.getByRole("table", { name: "Upcoming meetings" }).getByRole("row").filter({ hasText: "Thoracic Oncology Board" }).getByRole("link").first().click();
  const agendaRows = page.getByRole("table", { name: "Agenda" }).getByRole("row").filter({ has: page.getByRole("link") });
  await expect(agendaRows.first()).toBeVisible();
  for (const row of await agendaRows.all()) await expect(row).toContainText(IDENTIFIERS);
  // The thoracic board's referrals are all on this agenda in the demo; whatever waits (after other journeys) is checked too.
  const waitingCases = page.getByRole("list", { name: "Waiting cases" }).getByRole("listitem");
  await expect(page.getByRole("list", { name: "Waiting cases" }).or(page.getByText("No referred cases are waiting."))).toBeVisible();
  for (const item of await waitingCases.all()) await expect(item).toContainText(IDENTIFIERS);
  await shot(page, "agenda-patient-identifiers");
});
