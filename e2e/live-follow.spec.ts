import { expect, test, type Page } from "@playwright/test";
import { presentCaseOf, signedInPage } from "./helpers";

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screenshots/${name}.png` });

async function openThoracicAgenda(page: Page) {
  await page.getByRole("table", { name: "Upcoming meetings" }).getByRole("row").filter({ hasText: "Thoracic Oncology Board" }).getByRole("link").click();
  await expect(page.getByRole("table", { name: "Agenda" })).toBeVisible();
}

const caseHeading = (page: Page) => page.getByRole("heading", { level: 1 });
const ctViewport = (page: Page) => page.getByRole("img", { name: /^Current study .*: CT image \d+ of 133$/ });
const imageNumber = async (page: Page) => Number((await ctViewport(page).getAttribute("aria-label"))!.match(/image (\d+) of/)![1]);

test("the chair presents, the radiologist follows case and slice, steps away and rejoins with F", async ({ browser }) => {
  test.setTimeout(180_000);
  const chair = await signedInPage(browser, "chair@concilium.test");
  const radiologist = await signedInPage(browser, "radiologist@concilium.test");

  // The chair starts presentation mode from the agenda.
  await openThoracicAgenda(chair);
  await chair.getByRole("button", { name: "Present" }).click();
  // The meeting is planned for another day: presenting asks first, naming both days, and moves it to today.
  const moveToToday = chair.getByRole("dialog", { name: "Present this meeting today?" });
  await expect(moveToToday).toContainText(/This meeting is planned for \w{3}, \d{1,2} \w{3} \d{4}\. Presenting it today moves it to today, \w{3}, \d{1,2} \w{3} \d{4}: confirm to go on\./);
  await shot(chair, "present-on-another-day");
  await moveToToday.getByRole("button", { name: "Move to today and present" }).click();
  await expect(chair.getByRole("region", { name: "Presentation mode" })).toBeVisible();
  await expect(chair.getByLabel("Presenter")).toHaveText("You are presenting");
  await expect(chair.getByRole("status", { name: /Connection: Live/ })).toBeVisible();

  // The radiologist sees who presents and follows.
  await openThoracicAgenda(radiologist);
  await expect(radiologist.getByRole("status").filter({ hasText: "is presenting" })).toBeVisible();
  await radiologist.getByRole("link", { name: "Follow live" }).click();
  await expect(radiologist.getByRole("status", { name: "Follow status" })).toHaveText(/^Following /);
  await expect(radiologist.getByRole("status", { name: /Connection: Live/ })).toBeVisible();
  await expect(caseHeading(radiologist)).toHaveText((await caseHeading(chair).textContent())!);

  // Next case (N) reaches the follower.
  const first = await caseHeading(chair).textContent();
  await chair.keyboard.press("n");
  await expect(caseHeading(chair)).not.toHaveText(first!);
  const started = Date.now();
  await expect(caseHeading(radiologist)).toHaveText((await caseHeading(chair).textContent())!);
  test.info().annotations.push({ type: "timing", description: `case change seen by the follower within ${Date.now() - started} ms` });

  // The chair goes back to the first case (Page Up) and on to the LIDC patient, and opens the images.
  await presentCaseOf(chair, "LINDQVIST, Harald");
  await expect(caseHeading(radiologist)).toHaveText("LINDQVIST, Harald");
  await expect(chair.getByRole("timer")).toHaveAccessibleName(/Time on this case: 00:0\d of \d+ minutes/);
  await chair.getByRole("group", { name: "Viewer" }).getByRole("button", { name: /^Images/ }).click();
  await expect(ctViewport(chair)).toHaveAttribute("data-status", "ready", { timeout: 30_000 });
  await expect(ctViewport(radiologist)).toHaveAttribute("data-status", "ready", { timeout: 30_000 });
  await expect.poll(() => imageNumber(radiologist)).toBe(await imageNumber(chair));

  // Slices and the window follow.
  await ctViewport(chair).focus();
  const startSlice = await imageNumber(chair);
  for (let i = 0; i < 5; i++) await chair.keyboard.press("ArrowDown");
  const target = startSlice + 5;
  await expect.poll(() => imageNumber(chair)).toBe(target);
  await expect.poll(() => imageNumber(radiologist), { timeout: 5_000 }).toBe(target);
  await chair.getByRole("button", { name: "Lung", exact: true }).click();
  await expect(radiologist.getByText(/W 1500 \/ L -600/)).toBeVisible();
  await shot(chair, "live-presenter-ct");
  await shot(radiologist, "live-follower-ct");

  // The radiologist looks on their own: the presenter's moves no longer drive their view.
  await ctViewport(radiologist).click();
  await radiologist.keyboard.press("ArrowUp");
  await expect(radiologist.getByRole("status", { name: "Follow status" })).toHaveText("You are looking on your own — press F to rejoin");
  const own = target - 1;
  await expect.poll(() => imageNumber(radiologist)).toBe(own);
  await ctViewport(chair).focus();
  for (let i = 0; i < 4; i++) await chair.keyboard.press("ArrowDown");
  const moved = target + 4;
  await expect.poll(() => imageNumber(chair)).toBe(moved);
  await radiologist.waitForTimeout(500);
  expect(await imageNumber(radiologist)).toBe(own);
  await shot(radiologist, "live-follower-on-own");

  // F rejoins at the presenter's latest slice.
  await radiologist.keyboard.press("f");
  await expect(radiologist.getByRole("status", { name: "Follow status" })).toHaveText(/^Following /);
  await expect.poll(() => imageNumber(radiologist), { timeout: 5_000 }).toBe(moved);

  // V switches to the slides: the field of view follows the presenter's zoom.
  await chair.locator("body").press("v");
  const chairSlide = chair.getByRole("group", { name: "Slide Core biopsy A1" });
  const followerSlide = radiologist.getByRole("group", { name: "Slide Core biopsy A1" });
  await expect(chairSlide).toHaveAttribute("aria-busy", "false", { timeout: 30_000 });
  await expect(followerSlide).toHaveAttribute("aria-busy", "false", { timeout: 30_000 });
  const zoom = chair.getByRole("toolbar", { name: "Zoom" });
  await zoom.getByRole("button", { name: "Zoom in" }).click();
  await zoom.getByRole("button", { name: "Zoom in" }).click();
  await zoom.getByRole("button", { name: "Zoom in" }).click();
  await chair.waitForTimeout(1500);
  const magnification = await chair.getByLabel("Magnification").textContent();
  await expect(radiologist.getByLabel("Magnification")).toHaveText(magnification!);
  await expect(followerSlide).toHaveAttribute("aria-busy", "false", { timeout: 30_000 });
  await shot(chair, "live-presenter-slide");
  await shot(radiologist, "live-follower-slide");

  // "?" lists the shortcuts; Escape closes the list.
  await radiologist.locator("body").press("?");
  const dialog = radiologist.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("table", { name: "Keyboard shortcuts" })).toContainText("Follow the presenter again (rejoin)");
  await shot(radiologist, "live-shortcuts");
  await radiologist.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  // The chair hands the presenter role to the radiologist, who moves to the next case: the chair follows.
  const handOver = chair.getByRole("form", { name: "Hand over" });
  const radiologistName = (await radiologist.getByLabel("Signed in as").textContent())!.split(" · ")[0]!.trim();
  const option = handOver.getByRole("option", { name: new RegExp(`^${radiologistName}`) });
  await handOver.getByLabel("Hand over to").selectOption((await option.getAttribute("value"))!);
  await handOver.getByRole("button", { name: "Hand over" }).click();
  await expect(radiologist.getByLabel("Presenter")).toHaveText("You are presenting");
  await expect(radiologist.getByRole("status", { name: /Connection: Live/ })).toBeVisible();
  await expect(chair.getByRole("status", { name: "Follow status" })).toHaveText(/^Following /);
  await radiologist.locator("body").press("n");
  await expect(caseHeading(radiologist)).not.toHaveText("LINDQVIST, Harald");
  await expect(caseHeading(chair)).toHaveText((await caseHeading(radiologist).textContent())!);
  await shot(chair, "live-chair-follows-radiologist");

  // The chair takes the role back.
  await chair.getByRole("button", { name: "Take over" }).click();
  await expect(chair.getByLabel("Presenter")).toHaveText("You are presenting");
  await expect(radiologist.getByRole("status", { name: "Follow status" })).toHaveText(/^Following /);

  await chair.context().close();
  await radiologist.context().close();
});

test("a follower whose connection drops sees that it is reconnecting, then catches up with the presenter", async ({ browser }) => {
  test.setTimeout(120_000);
  const chair = await signedInPage(browser, "chair@concilium.test");
  const surgeon = await signedInPage(browser, "surgeon@concilium.test");
  await openThoracicAgenda(chair);
  // The chair still presents from the journey above, or starts again: whichever the page offers once it knows.
  const present = chair.getByRole("button", { name: "Present" });
  const back = chair.getByRole("link", { name: "Back to the presentation" });
  await expect(present.or(back)).toBeVisible();
  await ((await present.isVisible()) ? present : back).click();
  await expect(chair.getByLabel("Presenter")).toHaveText("You are presenting");
  await expect(chair.getByRole("status", { name: /Connection: Live/ })).toBeVisible();

  await openThoracicAgenda(surgeon);
  await surgeon.getByRole("link", { name: "Follow live" }).click();
  await expect(surgeon.getByRole("status", { name: /Connection: Live/ })).toBeVisible();
  await expect(caseHeading(surgeon)).toHaveText((await caseHeading(chair).textContent())!);

  // The surgeon's network goes away (a Wi-Fi hand-over in the hospital) while the chair moves on two cases.
  await surgeon.context().setOffline(true);
  await expect(surgeon.getByRole("status", { name: /Connection: Reconnecting/ })).toBeVisible({ timeout: 15_000 });
  for (let i = 0; i < 2; i++) {
    const before = await caseHeading(chair).textContent();
    await chair.keyboard.press("n");
    await expect(caseHeading(chair)).not.toHaveText(before!);
  }
  const presented = (await caseHeading(chair).textContent())!;
  await shot(surgeon, "live-follower-reconnecting");

  // Back online: the stream resumes from the last event it saw and the surgeon lands on the presenter's case.
  await surgeon.context().setOffline(false);
  await expect(surgeon.getByRole("status", { name: /Connection: Live/ })).toBeVisible({ timeout: 30_000 });
  await expect(caseHeading(surgeon)).toHaveText(presented);
  await expect(surgeon.getByRole("status", { name: "Follow status" })).toHaveText(/^Following /);

  await chair.context().close();
  await surgeon.context().close();
});

test("the live stream refuses anonymous callers and members of other boards", async ({ browser, request }) => {
  const chair = await signedInPage(browser, "chair@concilium.test");
  await openThoracicAgenda(chair);
  const meetingPath = new URL(chair.url()).pathname;
  await chair.context().close();
  expect((await request.get(`${meetingPath}/live`.replace("/meetings/", "/api/meetings/"))).status()).toBe(401);
  const outsider = await signedInPage(browser, "breast.chair@concilium.test");
  const refused = await outsider.request.get(`${meetingPath}/live`.replace("/meetings/", "/api/meetings/"));
  expect(refused.status()).toBe(404);
  expect(await refused.json()).toEqual({ error: "Not found." });
  await outsider.context().close();
});
