import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { shot, signInAs } from "./helpers";

test.describe("learning from the board's history", () => {
  test("a chair opens the quality indicators, reads a chart's table and downloads the CSV", async ({ page }) => {
    await signInAs(page, "chair@concilium.test");
    await page.getByRole("link", { name: "Quality" }).click();
    await expect(page.getByRole("heading", { name: "Quality indicators" })).toBeVisible();
    await page.getByRole("navigation", { name: "Board" }).getByRole("link", { name: "Thoracic Oncology Board" }).click();
    await expect(page.getByText("Thoracic Oncology Board, per quarter")).toBeVisible();
    const concordance = page.getByRole("region", { name: "Recommendation follows the guideline" });
    // The chart is an image with its numbers in words, and draws a line.
    await expect(concordance.getByRole("img", { name: /Recommendation follows the guideline: \d{4}-Q\d/ })).toBeVisible();
    await expect(concordance.locator(".recharts-line-curve")).toBeVisible();
    await expect(concordance).toContainText("Why not:");
    await concordance.getByRole("button", { name: "Show table" }).click();
    const table = concordance.getByRole("table", { name: "Recommendation follows the guideline per quarter" });
    await expect(table.getByRole("row")).toHaveCount(17);
    await expect(table.getByRole("row").nth(1)).toContainText(/\d+ \/ \d+/);
    await shot(page, "quality-indicators");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download CSV" }).click()]);
    expect(download.suggestedFilename()).toBe("indicators-thoracic.csv");
    const csv = readFileSync((await download.path())!, "utf8");
    expect(csv.split("\n")[0]).toBe("board,quarter,indicator,value,unit,numerator,denominator,meaning");
    expect(csv).toContain("Cases discussed");

    // Another board, picked from the list.
    await page.getByRole("navigation", { name: "Board" }).getByRole("link", { name: "Colorectal Cancer Board" }).click();
    await expect(page.getByText("Colorectal Cancer Board, per quarter")).toBeVisible();
  });

  test("the case page shows the board's similar past cases, and why each is similar", async ({ page }) => {
    await signInAs(page, "chair@concilium.test");
    await page.getByRole("table", { name: "Upcoming meetings" }).getByRole("row").filter({ hasText: "Thoracic Oncology Board" }).getByRole("link").click();
    await page.getByRole("table", { name: "Agenda" }).getByRole("link", { name: "OKAFOR, Grace" }).click();
    const section = page.getByRole("region", { name: "Similar past cases" });
    const list = section.getByRole("list", { name: "Similar past cases" });
    await expect(list.getByRole("listitem")).toHaveCount(5);
    await expect(list.getByRole("listitem").first()).toContainText(/Similar because: .*adenocarcinoma/);
    await expect(list.getByRole("listitem").first()).toContainText(/alive at|died after/);
    await section.scrollIntoViewIfNeeded();
    await shot(page, "similar-cases");
  });
});
