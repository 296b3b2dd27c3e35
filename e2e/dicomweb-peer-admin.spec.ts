import { expect, test } from "@playwright/test";
import { shot, signInAs } from "./helpers";

test("an administrator adds a DICOMweb peer (token shown once), the peer reads its board's studies, then is revoked; others may not open the page", async ({ page, browser, baseURL, request }) => {
  // The embedded database outlives a run: a fresh name each time.
  const name = `Regional PACS ${Date.now()}`;
  await signInAs(page, "admin@concilium.test");
  await page.getByRole("link", { name: "DICOMweb peers" }).click();
  await expect(page.getByRole("heading", { name: "DICOMweb peers", level: 1 })).toBeVisible();

  const form = page.getByRole("form", { name: "Add a peer" });
  await form.getByLabel("Peer's name").fill(name);
  await form.getByRole("checkbox", { name: "Thoracic Oncology Board" }).check();
  await form.getByRole("button", { name: "Add peer" }).click();
  const issued = page.getByRole("status").filter({ hasText: `Peer ${name} added` });
  await expect(issued).toContainText("it is not shown again");
  const token = await issued.getByLabel(`Token for ${name}`).inputValue();
  expect(token).toMatch(/^[\w-]{43}$/);
  const row = page.getByRole("table", { name: "DICOMweb peers" }).getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("thoracic");
  await expect(row).toContainText("Never");
  await shot(page, "dicomweb-peer-admin-added");

  // The peer, as a PACS would call (no browser session): the token as the HTTP Basic password finds the thoracic board's LIDC study.
  const asPeer = { Authorization: `Basic ${Buffer.from(`orthanc:${token}`).toString("base64")}`, Accept: "application/dicom+json" };
  const found = await request.get("/api/dicomweb/studies?PatientID=LIDC-IDRI-0001", { headers: asPeer });
  expect(found.status()).toBe(200);
  await page.reload();
  await expect(row).not.toContainText("Never");

  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(row).toContainText("Revoked");
  expect((await request.get("/api/dicomweb/studies?PatientID=LIDC-IDRI-0001", { headers: asPeer })).status()).toBe(401);
  await shot(page, "dicomweb-peer-admin-revoked");

  // A coordinator has no such page: the screen says so, and no peer is listed.
  const theirs = await browser.newContext({ baseURL });
  const coordinator = await theirs.newPage();
  await signInAs(coordinator, "coordinator@concilium.test");
  await expect(coordinator.getByRole("link", { name: "DICOMweb peers" })).toHaveCount(0);
  await coordinator.goto("/admin/dicomweb-peers");
  await expect(coordinator.getByRole("alert").filter({ hasText: "Not available to you" })).toBeVisible();
  await expect(coordinator.getByRole("main")).not.toContainText(name);
  await theirs.close();
});
