import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { shot, signInAs } from "./helpers";

test.describe.serial("learning from the board's own outcomes", () => {
  test("a chair compares stage III lung cancer survival by sex, reads the numbers and downloads the curves", async ({ page }) => {
    await signInAs(page, "chair@concilium.test");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Cohorts" }).click();
    await expect(page.getByRole("heading", { name: "Cohort explorer" })).toBeVisible();
    const filter = page.getByRole("form", { name: "Cohort filter" });
    // The choices come from the dataset itself: wait for them before choosing.
    await expect(filter.getByLabel("Site").locator("option", { hasText: "C34" })).toHaveCount(1);
    await filter.getByLabel("Site").selectOption("C34");
    await filter.getByLabel("Stage", { exact: true }).selectOption("III");
    await filter.getByLabel("Compare groups by").selectOption("sex");

    const groups = page.getByRole("list", { name: "Groups" }).getByRole("listitem");
    await expect(groups).toHaveCount(2);
    await expect(groups.first()).toContainText(/FEMALE: \d+ patients, \d+ events; median/);
    await expect(page.getByRole("img", { name: "Kaplan-Meier curves of overall survival" })).toBeVisible();
    const atRisk = page.getByRole("table", { name: "Numbers at risk" });
    await expect(atRisk.getByRole("row")).toHaveCount(3);
    await expect(page.getByText(/Log-rank test: χ² = [\d.]+, 1 df, p [=<] [\d.]+/)).toBeVisible();

    await page.getByRole("button", { name: "Show the numbers" }).click();
    const steps = page.getByRole("table", { name: "Kaplan-Meier estimates" });
    await expect(steps).toBeVisible();
    expect(await steps.getByRole("row").count()).toBeGreaterThan(10);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download CSV" }).click()]);
    expect(download.suggestedFilename()).toBe("kaplan-meier-os.csv");
    const csv = readFileSync(await download.path(), "utf8").split("\n");
    expect(csv[0]).toBe("endpoint,group,time_days,time_months,n_risk,n_event,n_censor,survival,lower_95,upper_95");
    expect(csv[1]).toMatch(/^OS,FEMALE,\d+,/);

    // The hazard model of the same cohort: hazard ratios, or a refusal in words when events are too few.
    await page.getByRole("button", { name: "Fit the model on this cohort" }).click();
    const hazards = page.getByRole("table", { name: "Hazard ratios" }).or(page.getByText(/events for \d+ covariates/));
    await expect(hazards.first()).toBeVisible();

    await page.getByRole("button", { name: "Dark theme" }).click();
    await expect(page.locator("html")).toHaveClass(/dark/);
    await shot(page, "cohort-explorer-dark");
    await page.getByRole("button", { name: "Dark theme" }).click();
    await shot(page, "cohort-explorer");
  });

  test("the decision form shows the estimate per option, labelled as observational", async ({ page }) => {
    await signInAs(page, "chair@concilium.test");
    await page.getByRole("table", { name: "Upcoming meetings" }).getByRole("row").filter({ hasText: "Thoracic Oncology Board" }).getByRole("link").click();
    await page.getByRole("table", { name: "Agenda" }).getByRole("link", { name: "OKAFOR, Grace" }).click();
    const form = page.getByRole("form", { name: "Record decision" });
    await expect(form).toBeVisible();
    await form.getByLabel("Prefix").selectOption("c");
    await form.getByLabel("T category").selectOption("T2a");
    await form.getByLabel("N category").selectOption("N2");
    await form.getByLabel("M category").selectOption("M0");
    await expect(form.getByLabel("Stage group")).toHaveValue("IIIA");
    await form.getByLabel("ECOG").selectOption("1");

    const estimate = page.getByRole("region", { name: "Outcome estimate per option" });
    await expect(estimate).toContainText("does not account for why patients were treated differently");
    await expect(estimate).toContainText("not a recommendation");
    const table = estimate.getByRole("table", { name: "Estimated overall survival per option" });
    await expect(table).toBeVisible();
    await expect(table.getByRole("row").nth(1)).toContainText(/\d+ \(\d+\)/);
    // In words, per option: a number with its interval, or why there is none (too uncertain, beyond follow-up).
    await expect(estimate.getByRole("listitem")).toHaveCount(await table.getByRole("row").count() - 1);
    await expect(estimate.getByRole("listitem").first()).toContainText(/^(Of \d+ comparable patients who were recommended .+, \d+% \(\d+-\d+%\) were alive at [12] years?|.+: too few of its \d+ patients were followed long enough)/);
    await expect(estimate).toContainText(/On held-out data \(5-fold\): concordance [\d.]+/);
    await estimate.scrollIntoViewIfNeeded();
    await shot(page, "decision-option-estimates");
  });
});
