import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "concilium-demo";

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(email);
  await submitPassword(page, password);
}

/** Submits the sign-in form and waits for the server's answer, so that attempts never overlap. */
export async function submitPassword(page: Page, password: string) {
  await page.getByLabel("Password").fill(password);
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/login"),
    page.getByRole("button", { name: "Sign in", exact: true }).click(),
  ]);
}

export async function signInAs(page: Page, email: string) {
  await signIn(page, email);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** Screenshots land in test-results/screenshots for a person to look at. */
export const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
