import { expect, test } from "@playwright/test";
import { shot, signIn, signInAs, submitPassword } from "./helpers";

test("a wrong password gets a clear message and repeated failures are slowed down", async ({ page }) => {
  await signIn(page, "nuclear@concilium.test", "not-the-password");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("The e-mail address or password is not correct.");
  // A failed attempt empties the password field; wait for that before typing the next one.
  await expect(page.getByLabel("Password")).toHaveValue("");
  await shot(page, "sign-in-wrong-password");
  for (let attempt = 2; attempt <= 3; attempt++) {
    await submitPassword(page, "still-wrong");
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("The e-mail address or password is not correct.");
    await expect(page.getByLabel("Password")).toHaveValue("");
  }
  // Even the right password waits now.
  await submitPassword(page, "concilium-demo");
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Too many failed attempts. Wait");
  await shot(page, "sign-in-throttled");
});

test("pages need a signed-in user", async ({ page }) => {
  await page.goto("/meetings");
  await expect(page).toHaveURL(/\/login/);
});

test("an unknown address shows a real 404 page", async ({ page }) => {
  await signInAs(page, "radiologist@concilium.test");
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  const missingCase = await page.goto("/cases/does-not-exist");
  expect(missingCase?.status()).toBe(404);
});

for (const [email, landing] of [
  ["chair@concilium.test", "Meetings"],
  ["coordinator@concilium.test", "Meetings"],
  ["radiologist@concilium.test", "Meetings"],
  ["pathologist@concilium.test", "Meetings"],
] as const) {
  test(`${email} signs in and sees their meetings`, async ({ page }) => {
    await signInAs(page, email);
    await expect(page.getByRole("heading", { name: landing, level: 1 })).toBeVisible();
    await expect(page.getByRole("table", { name: "Upcoming meetings" })).toBeVisible();
  });
}

test("the admin manages users and reads the audit log, but sees no patients", async ({ page }) => {
  await signInAs(page, "admin@concilium.test");
  await page.getByRole("link", { name: "Users" }).click();
  const users = page.getByRole("table", { name: "Users" });
  await expect(users.getByRole("row", { name: /Dr Amara Chen/ })).toContainText("Chair");
  await shot(page, "admin-users");
  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("table", { name: "Audit events" })).toContainText("auth.signin");
  await page.goto("/meetings");
  await expect(page.getByRole("main").getByRole("alert")).toContainText("administrator role may not do this");
});

test("signing out ends the session, and the audit log shows it", async ({ page }) => {
  await signInAs(page, "pathologist@concilium.test");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/meetings");
  await expect(page).toHaveURL(/\/login/);

  await signInAs(page, "admin@concilium.test");
  await page.goto("/admin/audit?action=auth.signout");
  await expect(page.getByRole("table", { name: "Audit events" })).toContainText("pathologist@concilium.test");
});
