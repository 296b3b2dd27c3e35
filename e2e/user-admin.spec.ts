import { expect, test } from "@playwright/test";
import { shot, signIn, signInAs } from "./helpers";

test("the admin creates a user with a board, hands over a set-password link, and deactivates them again", async ({ page, browser, baseURL }) => {
  // The embedded database outlives a run: a fresh address each time.
  const email = `new.pathologist.${Date.now()}@concilium.test`;
  const password = "three quiet lanterns glow";

  await signInAs(page, "admin@concilium.test");
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { name: "Administration", level: 1 })).toBeVisible();
  await expect(page.getByRole("table", { name: "Boards overview" })).toContainText("Thoracic Oncology Board");
  await expect(page.getByText("Not available to you")).toHaveCount(0);
  await shot(page, "user-admin-home");

  await page.getByRole("link", { name: "Add or change a user" }).click();
  const form = page.getByRole("form", { name: "New user" });
  await form.getByLabel("Name").fill("Dr Nora Quist");
  await form.getByLabel("E-mail").fill(email);
  await form.getByLabel("Role").selectOption({ label: "Specialist" });
  await form.getByLabel("Specialty").selectOption({ label: "Pathology" });
  await form.getByRole("checkbox", { name: "Breast Cancer Board" }).check();
  await form.getByRole("button", { name: "Create user" }).click();

  await expect(page.getByRole("heading", { name: "Dr Nora Quist", level: 1 })).toBeVisible();
  await expect(page.getByRole("main").getByRole("status").first()).toContainText("User created.");
  await expect(page.getByText("E-mail is not configured (SMTP_URL is not set)")).toBeVisible();
  await page.getByRole("button", { name: "Create a set-password link" }).click();
  const linkField = page.getByLabel("Set-password link");
  await expect(linkField).toHaveValue(/\/set-password\?token=[\w-]{43}$/);
  const link = await linkField.inputValue();
  await shot(page, "user-admin-link");

  // The new user opens the link in their own browser, sets a password and signs in.
  const theirs = await browser.newContext({ baseURL });
  const userPage = await theirs.newPage();
  await userPage.goto(link);
  await expect(userPage.getByRole("heading", { name: "Set your password" })).toBeVisible();
  await userPage.getByLabel("New password").fill("too short");
  await userPage.getByLabel("Repeat the password").fill("too short");
  await userPage.getByRole("button", { name: "Set password" }).click();
  await expect(userPage.getByRole("main").getByRole("alert")).toHaveText("The password needs at least 12 characters.");
  await userPage.getByLabel("New password").fill(password);
  await userPage.getByLabel("Repeat the password").fill(password);
  await userPage.getByRole("button", { name: "Set password" }).click();
  await expect(userPage.getByRole("main").getByRole("status")).toContainText("Your password is set.");
  await shot(userPage, "user-admin-password-set");

  // The link works once.
  await userPage.goto(link);
  await expect(userPage.getByRole("main").getByRole("alert")).toContainText("This link has already been used.");

  await signIn(userPage, email, password);
  await expect(userPage.getByRole("button", { name: "Sign out" })).toBeVisible();
  await userPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Boards" }).click();
  const boards = userPage.getByRole("table", { name: "My boards" });
  await expect(boards).toContainText("Breast Cancer Board");
  await expect(boards).not.toContainText("Thoracic Oncology Board");
  await shot(userPage, "user-admin-new-user-boards");

  // The admin deactivates them: their open session is refused from the next request on.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Dr Nora Quist", level: 1 })).toContainText("Dr Nora Quist");
  await expect(page.getByText("1 open session")).toBeVisible();
  await page.getByRole("button", { name: "Deactivate user" }).click();
  await expect(page.getByRole("main").getByRole("status").last()).toHaveText("User deactivated: 1 open session was ended, and they can no longer sign in.");
  // The page around the editor reloads its facts.
  await expect(page.getByText("0 open sessions")).toBeVisible();
  await expect(page.getByRole("button", { name: "Reactivate user" })).toBeVisible();
  await shot(page, "user-admin-deactivated");

  await userPage.goto("/boards");
  await expect(userPage).toHaveURL(/\/login\?ended=session/);
  await expect(userPage.getByRole("main").getByRole("status")).toHaveText("Your session has ended. Sign in again to continue.");
  await signIn(userPage, email, password);
  await expect(userPage.getByRole("main").getByRole("alert")).toHaveText("The e-mail address or password is not correct.");

  // In the list the user shows as inactive, and a search finds them by address.
  await page.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  const row = page.getByRole("table", { name: "Users" }).getByRole("row", { name: /Dr Nora Quist/ });
  await expect(row).toContainText("Inactive");
  await expect(row).toContainText("Breast Cancer Board");
  await shot(page, "user-admin-list");
  await theirs.close();
});

test("a wrong set-password link says so, and an admin cannot deactivate themselves", async ({ page }) => {
  await page.goto("/set-password?token=not-a-real-token");
  await expect(page.getByRole("main").getByRole("alert")).toContainText("This link is not valid.");
  await signInAs(page, "admin@concilium.test");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await page.getByRole("table", { name: "Users" }).getByRole("link", { name: "Alex Admin" }).click();
  await expect(page.getByRole("heading", { name: "Alex Admin", level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: "Create a set-password link" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Deactivate user" })).toHaveCount(0);
});
