import { writeFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { presentCaseOf, shot, signedInPage } from "./helpers";

const VIEWPORT = { width: 1400, height: 900 };

// Live meeting (issue 14): when the presenter switches case, every follower's browser loads the same CT at once.
// This file runs after live-follow.spec.ts (Playwright takes files in name order): that journey starts presenting a
// meeting that nobody presents yet, and this one leaves the chair presenting.

/** What went wrong in a browser, kept for the test's report: console errors, page errors and failed responses. */
function recordTrouble(page: Page, who: string, trouble: string[]) {
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") trouble.push(`${new Date().toISOString().slice(11, 23)} ${who} console.${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => trouble.push(`${new Date().toISOString().slice(11, 23)} ${who} page error: ${error.message}`));
  page.on("response", (response) => {
    if (response.status() >= 400) trouble.push(`${new Date().toISOString().slice(11, 23)} ${who} HTTP ${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`);
  });
  // Navigations and their prefetches are cancelled as a matter of course: only the API's requests count.
  page.on("requestfailed", (request) => new URL(request.url()).pathname.startsWith("/api/") && trouble.push(`${new Date().toISOString().slice(11, 23)} ${who} request failed (${request.failure()?.errorText}): ${new URL(request.url()).pathname}`));
}

test("a case switch reaches every follower: each sees the new case's first CT image", async ({ browser }) => {
  test.setTimeout(240_000);
  const trouble: string[] = [];
  const chair = await signedInPage(browser, "chair@concilium.test", VIEWPORT, (p) => recordTrouble(p, "chair", trouble));
  const followers = await Promise.all(["radiologist@concilium.test", "surgeon@concilium.test", "oncologist@concilium.test"].map((e) => signedInPage(browser, e, VIEWPORT, (p) => recordTrouble(p, e.split("@")[0]!, trouble))));
  const caseHeading = (page: Page) => page.getByRole("heading", { level: 1 });
  const ct = (page: Page) => page.getByRole("img", { name: /^Current study .*: CT image \d+ of 133$/ });

  try {
    await chair.getByRole("table", { name: "Upcoming meetings" }).getByRole("row").filter({ hasText: "Thoracic Oncology Board" }).getByRole("link").click();
    // The chair may already present from an earlier journey (live follow), or start now, moving the meeting to today.
    const present = chair.getByRole("button", { name: "Present" });
    const back = chair.getByRole("link", { name: "Back to the presentation" });
    await expect(present.or(back)).toBeVisible();
    await ((await present.isVisible()) ? present : back).click();
    const moveToToday = chair.getByRole("dialog", { name: "Present this meeting today?" });
    await expect(chair.getByLabel("Presenter").or(moveToToday)).toBeVisible();
    if (await moveToToday.isVisible()) await moveToToday.getByRole("button", { name: "Move to today and present" }).click();
    await expect(chair.getByLabel("Presenter")).toHaveText("You are presenting");

    // The chair goes to the LIDC patient with the images shown, then one case away from it (the view stays on images).
    await presentCaseOf(chair, "LINDQVIST, Harald");
    await chair.getByRole("group", { name: "Viewer" }).getByRole("button", { name: /^Images/ }).click();
    await expect(ct(chair)).toHaveAttribute("data-status", "ready", { timeout: 30_000 });
    const first = (await chair.getByLabel("Case position").textContent())!.startsWith("Case 1 of");
    const [away, toLidc] = first ? ["n", "PageUp"] : ["PageUp", "n"];
    await chair.keyboard.press(away);
    await expect(caseHeading(chair)).not.toHaveText("LINDQVIST, Harald");

    // Three followers join on the other case.
    for (const follower of followers) {
      await follower.getByRole("table", { name: "Upcoming meetings" }).getByRole("row").filter({ hasText: "Thoracic Oncology Board" }).getByRole("link").click();
      await follower.getByRole("link", { name: "Follow live" }).click();
      await expect(follower.getByRole("status", { name: "Follow status" })).toHaveText(/^Following /);
      await expect(caseHeading(follower)).toHaveText((await caseHeading(chair).textContent())!);
    }

    // The switch: every follower shows the LIDC CT, drawn.
    const started = Date.now();
    await chair.keyboard.press(toLidc);
    await expect(caseHeading(chair)).toHaveText("LINDQVIST, Harald");
    const seen = await Promise.all(
      followers.map(async (follower) => {
        // Generous on a shared build machine; the figure that matters is the one recorded below.
        await expect(ct(follower)).toHaveAttribute("data-status", "ready", { timeout: 60_000 });
        return Date.now() - started;
      }),
    );
    const timing = `case switch to first CT image, per follower: ${seen.join(", ")} ms`;
    test.info().annotations.push({ type: "timing", description: timing });
    trouble.push(timing);
    for (const [i, follower] of followers.entries()) {
      await expect(caseHeading(follower)).toHaveText("LINDQVIST, Harald");
      await shot(follower, `live-case-switch-follower-${i + 1}`);
    }
  } finally {
    // What each follower's viewer says when it could not show the CT.
    for (const [i, follower] of followers.entries()) for (const alert of await follower.getByRole("alert").filter({ hasNotText: "· Concilium" }).allTextContents()) trouble.push(`follower ${i + 1} alert: ${alert}`);
    if (trouble.length > 0) {
      const file = test.info().outputPath("browser-trouble.txt");
      writeFileSync(file, trouble.join("\n"));
      await test.info().attach("browser trouble", { path: file, contentType: "text/plain" });
    }
    await chair.context().close();
    for (const follower of followers) await follower.context().close();
  }
});
