import { expect, test, type Page } from "@playwright/test";
import { shot, signInAs } from "./helpers";

async function openOkafor(page: Page) {
  await page.getByRole("table", { name: "Upcoming meetings" }).getByRole("row").filter({ hasText: "Thoracic Oncology Board" }).getByRole("link").click();
  await page.getByRole("table", { name: "Agenda" }).getByRole("link", { name: "OKAFOR, Grace" }).click();
}

test.describe.serial("reviewing AI findings", () => {
  test("the TID 1500 findings show their algorithm and measurements, and a radiologist accepts and rejects them", async ({ page }) => {
    await signInAs(page, "radiologist@concilium.test");
    await openOkafor(page);
    const findings = page.getByRole("list", { name: "Findings" });
    const items = findings.getByRole("listitem");
    await expect(items.first()).toBeVisible();
    expect(await items.count()).toBeGreaterThanOrEqual(2);
    await expect(findings.getByRole("table").first()).toContainText(/mm|HU|\[hnsf'U\]/);

    const first = items.nth(0);
    await first.getByRole("button", { name: /^Accept finding / }).click();
    await expect(first).toContainText("Accepted by Dr Jonas Berg");

    const second = items.nth(1);
    await second.getByRole("button", { name: /^Reject finding / }).click();
    await second.getByLabel(/^Reason for rejecting /).fill("Calcified granuloma, not a tumour.");
    await second.getByRole("button", { name: "Confirm rejection" }).click();
    await expect(second).toContainText("Calcified granuloma, not a tumour.");
    await shot(page, "findings-reviewed");
  });

  test("a coordinator sees the findings and their review, without the buttons", async ({ page }) => {
    await signInAs(page, "coordinator@concilium.test");
    await openOkafor(page);
    const findings = page.getByRole("list", { name: "Findings" });
    await expect(findings).toContainText("Accepted by Dr Jonas Berg");
    await expect(findings.getByRole("button", { name: /^(Accept|Reject) finding / })).toHaveCount(0);
  });
});
