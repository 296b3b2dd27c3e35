import { expect, test } from "@playwright/test";
import { shot, signInAs } from "./helpers";

// The other hospital is a real Orthanc started for the e2e run (scripts/e2e-remote-node.ts, playwright.config.ts).
test("a coordinator finds the patient's study at another hospital, retrieves it with progress, and the timeline names the hospital", async ({ page }) => {
  await signInAs(page, "coordinator@concilium.test");
  await page.getByRole("table", { name: "Upcoming meetings" }).getByRole("row").filter({ hasText: "Thoracic Oncology Board" }).getByRole("link").click();
  await page.getByRole("link", { name: "BRENNAN, Thomas" }).click();

  const remote = page.getByRole("region", { name: "Images from another hospital" });
  await expect(remote.getByRole("combobox")).toHaveValue("st-elsewhere");
  await expect(remote.getByRole("textbox", { name: "Patient ID at that hospital" })).toHaveValue("MRN-100103");
  await remote.getByRole("button", { name: "Search" }).click();
  const studies = remote.getByRole("table", { name: "Studies at St Elsewhere" });
  await expect(studies.getByRole("row")).toHaveCount(2);
  await expect(studies).toContainText("BRENNAN, THOMAS · ID MRN-100103 · born 1947-11-21");

  await studies.getByRole("checkbox", { name: "Retrieve CT of 2025-01-10" }).check();
  await remote.getByRole("button", { name: "Retrieve 1 study" }).click();
  await expect(remote.getByRole("status")).toContainText("Retrieval finished.", { timeout: 30_000 });
  await expect(remote.getByRole("progressbar")).toHaveAttribute("aria-valuetext", "100%");
  await expect(studies).toContainText("5 image(s) received. Added to the record of BRENNAN, Thomas (MRN MRN-100103).");
  await shot(page, "remote-images-retrieved");

  // The page refreshes: the study is on the timeline with where it came from.
  await expect(page.getByText("1 series, 5 images · from St Elsewhere")).toBeVisible();
});
