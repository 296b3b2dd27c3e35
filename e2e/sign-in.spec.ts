import { expect, test } from "@playwright/test";
import { shot, signIn, signInAs, submitPassword } from "./helpers";

test("a wrong password gets a clear message and repeated failures are slowed down", async ({ page }) => {
  await signIn(page, "nuclear@concilium.test", "not-the-password");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("The e-mail address or password is not correct.");
  // A failed attempt empties the password field; wait for that before typing the next one.
  await expect(page.getByLabel("Password")).toHaveValue("");
  await shot(page, "sign-in-wrong-password");
  // Five failures from one place lock that place out of this address for a minute (not the address everywhere).
  for (let attempt = 2; attempt <= 5; attempt++) {
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

test("signing out revokes the session on the server: a copied cookie opens nothing afterwards", async ({ page, browser, baseURL }) => {
  await signInAs(page, "surgeon@concilium.test");
  const copied = (await page.context().cookies()).filter((c) => c.name.includes("authjs.session-token"));
  expect(copied.length).toBeGreaterThan(0);

  // Someone copies the cookie into another browser: while the session lives, it works there too.
  const other = await browser.newContext({ baseURL });
  await other.addCookies(copied);
  const otherPage = await other.newPage();
  await otherPage.goto("/meetings");
  await expect(otherPage.getByRole("table", { name: "Upcoming meetings" })).toBeVisible();

  const [signOutResponse] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === "/api/auth/sign-out"),
    page.getByRole("button", { name: "Sign out" }).click(),
  ]);
  expect((await signOutResponse.allHeaders())["clear-site-data"]).toBe('"cache", "cookies", "storage"');
  await expect(page.getByRole("main").getByRole("status")).toHaveText("You have signed out.");

  // The copy is refused everywhere: pages, the session endpoint (no fresh cookie) and the API.
  await otherPage.goto("/meetings");
  await expect(otherPage).toHaveURL(/\/login\?ended=session/);
  await expect(otherPage.getByRole("main").getByRole("status")).toHaveText("Your session has ended. Sign in again to continue.");
  await shot(otherPage, "sign-in-copied-cookie-refused");
  const cookie = copied.map((c) => `${c.name}=${c.value}`).join("; ");
  const session = await other.request.get("/api/auth/session", { headers: { cookie } });
  expect(await session.json()).toBeNull();
  const api = await other.request.get("/api/trpc/meeting.list", { headers: { cookie } });
  expect(api.status()).toBe(401);
  await other.close();
});

test("after the idle timeout the screen returns to sign-in and says why", async ({ page }) => {
  await page.clock.install();
  await signInAs(page, "oncologist@concilium.test");
  await expect(page.getByRole("table", { name: "Upcoming meetings" })).toBeVisible();
  // Nobody touches the keyboard or mouse for 31 minutes.
  await page.clock.fastForward("31:00");
  await expect(page).toHaveURL(/\/login\?ended=idle/);
  await expect(page.getByRole("main").getByRole("status")).toHaveText("You were signed out after 30 minutes without activity. Sign in again to continue.");
  await shot(page, "sign-in-after-idle");
  await page.goto("/meetings");
  await expect(page).toHaveURL(/\/login/);
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
