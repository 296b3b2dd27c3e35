import { expect, type Browser, type Page } from "@playwright/test";

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

const cspViolations = new WeakMap<Page, string[]>();
const pagePolicies = new WeakMap<Page, string[]>();

/**
 * Collects what the Content-Security-Policy blocks on this page (Chromium logs each refusal to the console) and the
 * policy each document came with; `expectCspClean` then proves a strict policy was in force and refused nothing.
 */
export function watchCsp(page: Page) {
  const violations: string[] = [];
  const policies: string[] = [];
  cspViolations.set(page, violations);
  pagePolicies.set(page, policies);
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  page.on("response", (response) => {
    if (response.request().resourceType() === "document") policies.push(response.headers()["content-security-policy"] ?? "");
  });
}

export function expectCspClean(page: Page) {
  const policies = pagePolicies.get(page) ?? [];
  expect(policies.length).toBeGreaterThan(0);
  for (const policy of policies) expect(policy).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic' 'wasm-unsafe-eval'/);
  expect(cspViolations.get(page) ?? []).toEqual([]);
}

/**
 * Opens the board's most recent past meeting from the meetings page (the list is newest first; the demo's outcome
 * history adds many older meetings of each board).
 */
export async function openLatestPastMeeting(page: Page, board: string) {
  await page.getByRole("table", { name: "Past meetings" }).getByRole("row").filter({ hasText: board }).getByRole("link").first().click();
}

/** A fresh browser context (own cookies) signed in as this user: one person at their own screen. */
export async function signedInPage(browser: Browser, email: string, viewport = { width: 1600, height: 1000 }, watch?: (page: Page) => void) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  watch?.(page);
  await signInAs(page, email);
  return page;
}

/** In presentation mode: back to the agenda's first case (Page Up), then on (N) to the named patient's case. */
export async function presentCaseOf(presenter: Page, patientHeading: string) {
  const caseHeading = presenter.getByRole("heading", { level: 1 });
  // "You are presenting" is drawn by the server; the keys work once the page is live.
  await expect(presenter.getByRole("status", { name: /Connection: Live/ })).toBeVisible();
  for (let i = 0; i < 12 && !(await presenter.getByLabel("Case position").textContent())!.startsWith("Case 1 of"); i++) {
    const before = await caseHeading.textContent();
    await presenter.keyboard.press("PageUp");
    await expect(caseHeading).not.toHaveText(before!);
  }
  for (let i = 0; i < 12 && (await caseHeading.textContent()) !== patientHeading; i++) {
    const before = await caseHeading.textContent();
    await presenter.keyboard.press("n");
    await expect(caseHeading).not.toHaveText(before!);
  }
  await expect(caseHeading).toHaveText(patientHeading);
}
