import { expect, test, type Page } from "@playwright/test";
import { shot, signInAs } from "./helpers";

// Outcomes recorded per kind, corrected with a reason, and follow-up raised by the board's schedule.
test.describe.configure({ mode: "serial" });

const isoDaysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

async function openCase(page: Page, name: string) {
  await page.getByRole("link", { name: "Outcomes", exact: true }).click();
  // The list holds the board's whole history, a page at a time: find the patient by family name.
  const filter = page.getByRole("form", { name: "Filter outcomes" });
  await filter.getByLabel("Patient").fill(name.split(",")[0]!);
  await filter.getByRole("button", { name: "Filter" }).click();
  await expect(filter.getByRole("status")).toHaveText(/^1 case$/);
  await page.getByRole("table", { name: "Decisions and outcomes" }).getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { name: "Outcomes" })).toBeVisible();
}

test("a coordinator records a treatment that did not follow the recommendation, corrects its date and sees the history", async ({ page }) => {
  await signInAs(page, "coordinator@concilium.test");
  await openCase(page, "KOWALSKI, Piotr");
  const form = page.getByRole("form", { name: "Record outcome" });
  await form.getByLabel("What happened").selectOption("TREATMENT");
  await form.getByLabel("Treatment", { exact: true }).selectOption("SURGERY");
  await form.getByLabel("Start date").fill(isoDaysAgo(1));
  await form.getByLabel("Intent").selectOption("CURATIVE");
  await form.getByRole("radio", { name: "No" }).check();
  await form.getByLabel("Why not?").selectOption("FITNESS");
  await form.getByLabel("Note").fill("Wedge resection");

  // The date field stops at today (the server refuses a future date too: outcome.int.test.ts).
  await expect(form.getByLabel("Start date")).toHaveAttribute("max", /^\d{4}-\d{2}-\d{2}$/);
  await form.getByRole("button", { name: "Record outcome" }).click();
  await expect(form.getByRole("status")).toHaveText("Outcome recorded.");

  const history = page.getByRole("list", { name: "Outcome history" });
  await expect(history).toContainText("Surgery, curative; did not follow the recommendation (fitness) — Wedge resection");
  const entry = history.getByRole("listitem").filter({ hasText: "Wedge resection" }).first();
  await entry.getByRole("button", { name: "Correct" }).click();
  const correction = page.getByRole("form", { name: /^Correct treatment given/ });
  await correction.getByLabel("Start date").fill(isoDaysAgo(2));
  await correction.getByLabel("Reason for the correction").fill("Date from the operation note");
  await correction.getByRole("button", { name: "Save correction" }).click();
  await expect(correction).toHaveCount(0);

  await expect(entry).toContainText("Corrected (v2)");
  await expect(entry).toContainText("Correction: Date from the operation note");
  await entry.getByText("Earlier versions (1)").click();
  await expect(entry.getByRole("list", { name: "Earlier versions" })).toContainText("v1:");
  await shot(page, "outcome-history-corrected");
});

test("a chair shortens the treatment-start interval: the due outcome becomes a task that closes when the treatment is recorded", async ({ page }) => {
  await signInAs(page, "chair@concilium.test");
  await page.goto("/boards");
  await page.getByRole("link", { name: "Colorectal Cancer Board" }).click();
  await expect(page.getByRole("heading", { name: "Outcome completeness" })).toBeVisible();
  const settings = page.getByRole("form", { name: "Board settings" });
  await settings.getByLabel("Follow-up status at (months)").fill("3, 3");
  await settings.getByRole("button", { name: "Save settings" }).click();
  await expect(settings.getByRole("alert")).toContainText("once each, in increasing order");
  await settings.getByLabel("Follow-up status at (months)").fill("3, 6, 12, 24, 60");
  await settings.getByLabel("Treatment start expected within (weeks)").fill("1");
  await settings.getByRole("button", { name: "Save settings" }).click();
  await expect(settings.getByRole("status")).toHaveText("Settings saved.");
  await shot(page, "board-outcome-schedule");

  await page.getByRole("button", { name: "Sign out" }).click();
  await signInAs(page, "coordinator@concilium.test");
  await page.goto("/tasks");
  const overdue = page.getByRole("table", { name: "Overdue tasks" });
  const task = overdue.getByRole("row").filter({ hasText: "CLARKE, David" });
  await expect(task).toContainText("Record outcome: treatment start (within 1 weeks)");
  await expect(task).toContainText("Outcome due");
  await shot(page, "tasks-outcome-due");

  await task.getByRole("link", { name: "CLARKE, David" }).click();
  const form = page.getByRole("form", { name: "Record outcome" });
  await form.getByLabel("What happened").selectOption("TREATMENT");
  await form.getByLabel("Treatment", { exact: true }).selectOption("SURGERY");
  await form.getByRole("radio", { name: "Yes" }).check();
  await form.getByRole("button", { name: "Record outcome" }).click();
  await expect(form.getByRole("status")).toHaveText("Outcome recorded.");

  await page.goto("/tasks");
  await expect(page.getByRole("table", { name: "Overdue tasks" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Overdue tasks" }).getByRole("row").filter({ hasText: "CLARKE, David" })).toHaveCount(0);
  await page.goto("/outcomes?followUp=overdue");
  await expect(page.getByRole("table", { name: "Decisions and outcomes" })).not.toContainText("CLARKE");
});
