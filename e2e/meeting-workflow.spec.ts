import { expect, test, type Page } from "@playwright/test";
import { shot, signInAs } from "./helpers";

/** Signs the current user out, then in as someone else, in the same page. */
async function switchUser(page: Page, email: string) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/login/);
  await signInAs(page, email);
}

// The chair's side of the loop on the seeded demo: readiness on the agenda, reordering (buttons, keyboard drag and a
// conflict between two editors), requests for missing items, attendance and quorum, publishing, and a breast board
// meeting created, filled from the waiting list, run over time and finished. The thoracic and colorectal meetings
// the other journeys use stay upcoming.

async function openThoracicAgenda(page: Page) {
  await page.goto("/meetings");
  await page.getByRole("table", { name: "Upcoming meetings" }).getByRole("row").filter({ hasText: "Thoracic Oncology Board" }).getByRole("link").click();
  await expect(page.getByRole("table", { name: "Agenda" })).toBeVisible();
}

const agendaNames = async (page: Page) =>
  (await page.getByRole("table", { name: "Agenda" }).getByRole("row").all()).length > 1
    ? await page.getByRole("table", { name: "Agenda" }).locator(`tbody tr a[href^="/cases/"]`).allInnerTexts()
    : [];

const pad = (n: number) => String(n).padStart(2, "0");
/** A datetime-local value `days` from now at 08:00 local time. */
function localInput(days: number) {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T08:00`;
}

test.describe.serial("the meeting workflow", () => {
  test("the chair sees readiness on the agenda and reorders with buttons and with the keyboard", async ({ page }) => {
    await signInAs(page, "chair@concilium.test");
    await openThoracicAgenda(page);
    const agenda = page.getByRole("table", { name: "Agenda" });
    await expect(agenda.getByRole("columnheader", { name: "Readiness" })).toBeVisible();
    await expect(agenda).toContainText(/Not ready|Out of date|Ready/);
    await shot(page, "meeting-agenda-readiness");

    const before = await agendaNames(page);
    // Cases other journeys already discussed at this meeting keep their place: reorder the first two pending ones.
    let i = 0;
    for (; i < before.length - 1; i++) {
      const down = page.getByRole("button", { name: `Move ${before[i]} down` });
      if ((await down.count()) > 0 && (await down.isEnabled())) break;
    }
    const [first, second] = [before[i]!, before[i + 1]!];
    const swapped = [...before.slice(0, i), second, first, ...before.slice(i + 2)];
    await page.getByRole("button", { name: `Move ${first} down` }).click();
    await expect(page.getByRole("status").filter({ hasText: "moved to position" })).toHaveText(`${first} moved to position ${i + 2}.`);
    await expect.poll(() => agendaNames(page)).toEqual(swapped);

    // Keyboard drag: focus the handle, Space to lift, ArrowDown to move, Space to drop.
    const handle = page.getByRole("button", { name: `Drag to reorder ${second}` });
    await handle.focus();
    await page.keyboard.press("Space");
    await page.waitForTimeout(300);
    await page.keyboard.press("ArrowDown");
    await page.waitForTimeout(300);
    await page.keyboard.press("Space");
    await expect(page.getByRole("status").filter({ hasText: `${second} moved to position ${i + 2}.` })).toBeVisible();
    await expect.poll(() => agendaNames(page)).toEqual(before);
    await page.reload();
    await expect.poll(() => agendaNames(page)).toEqual(before);
  });

  test("of two editors changing the agenda at once, the second is told who changed it and sees the current order", async ({ browser }) => {
    const chairContext = await browser.newContext();
    const coordinatorContext = await browser.newContext();
    const chair = await chairContext.newPage();
    const coordinator = await coordinatorContext.newPage();
    await signInAs(chair, "chair@concilium.test");
    await signInAs(coordinator, "coordinator@concilium.test");
    await openThoracicAgenda(chair);
    await openThoracicAgenda(coordinator);
    const names = await agendaNames(chair);
    // Two pending cases apart from each other that can move up (discussed cases keep their place).
    const movable: number[] = [];
    for (let i = 0; i < names.length; i++) {
      const up = chair.getByRole("button", { name: `Move ${names[i]} up` });
      if ((await up.count()) > 0 && (await up.isEnabled())) movable.push(i);
    }
    const j = movable[0]!;
    const k = movable.find((i) => i > j + 1)!;

    await chair.getByRole("button", { name: `Move ${names[j]} up` }).click();
    await expect(chair.getByRole("status").filter({ hasText: "moved to position" })).toHaveText(`${names[j]} moved to position ${j}.`);
    await coordinator.getByRole("button", { name: `Move ${names[k]} up` }).click();
    const conflict = coordinator.getByRole("alert").filter({ hasText: "The agenda was changed" });
    await expect(conflict).toContainText("The agenda was changed by Dr Amara Chen");
    await expect(conflict).toContainText("Your change was not saved; here is the current order.");
    await expect.poll(() => agendaNames(coordinator)).toEqual([...names.slice(0, j - 1), names[j], names[j - 1], ...names.slice(j + 1)]);
    await shot(coordinator, "meeting-agenda-conflict");
    await chairContext.close();
    await coordinatorContext.close();
  });

  test("a missing readiness item is requested in one click and the specialist is notified", async ({ page }) => {
    await signInAs(page, "chair@concilium.test");
    await openThoracicAgenda(page);
    const request = page.getByRole("button", { name: /^Request Pathology report or slide for / }).first();
    const label = (await request.getAttribute("aria-label"))!;
    const patient = label.replace("Request Pathology report or slide for ", "");
    await request.click();
    await expect(page.getByRole("status").filter({ hasText: "Requested" })).toHaveText(/Requested: \d+ (person|people) notified\./);
    await expect(page.getByRole("list", { name: `Readiness of ${patient}` })).toContainText("Requested");

    await switchUser(page, "pathologist@concilium.test");
    const bell = page.getByRole("button", { name: /^Notifications, [1-9]\d* unread$/ });
    await bell.click();
    const list = page.getByRole("list", { name: "Notifications" });
    await expect(list).toContainText("Needed before the board: Pathology report or slide");
    await shot(page, "notifications-readiness-request");
    await page.getByRole("button", { name: "Mark all read" }).click();
    await expect(page.getByRole("button", { name: "Notifications, 0 unread" })).toBeVisible();
  });

  test("the coordinator records attendance and sees the quorum live, then the chair publishes the agenda", async ({ page }) => {
    await signInAs(page, "coordinator@concilium.test");
    await openThoracicAgenda(page);
    const quorum = page.getByRole("status", { name: "Quorum" });
    await expect(quorum).toContainText("Not quorate");
    // The chair who signed a decision of this meeting in an earlier journey counts as present (medical oncology).
    await expect(quorum).toContainText(/Missing: Radiology, Pathology, (Medical oncology, )?Surgery, Radiation oncology/);
    for (const name of ["Dr Jonas Berg", "Dr Lucia Romero", "Dr Kwame Mensah", "Dr Ines Varga"]) {
      await page.getByLabel(`Attendance of ${name}`).selectOption("IN_ROOM");
      await expect(page.getByLabel(`Attendance of ${name}`)).toHaveValue("IN_ROOM");
    }
    await expect(quorum).toContainText("Missing: Radiation oncology");
    await page.getByLabel("Attendance of Dr Noor Aziz").selectOption("REMOTE");
    await expect(quorum).toHaveText(/^Quorate$/);
    await shot(page, "meeting-attendance-quorate");

    await switchUser(page, "chair@concilium.test");
    await openThoracicAgenda(page);
    await page.getByRole("button", { name: "Publish agenda" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Agenda published" })).toHaveText(/Agenda published: \d+ members notified in the app\. E-mail is not configured/);
    await page.getByRole("button", { name: "Republish agenda" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Agenda republished" })).toBeVisible();

    await switchUser(page, "radiologist@concilium.test");
    await page.getByRole("button", { name: /^Notifications, / }).click();
    const list = page.getByRole("list", { name: "Notifications" });
    await expect(list.getByRole("listitem").filter({ hasText: "Thoracic Oncology Board" })).toHaveCount(1);
    await expect(list).toContainText("Agenda republished: Thoracic Oncology Board");
  });

  test("the breast chair schedules meetings, fills one from the waiting list, sees it over time, and finishes it", async ({ page }) => {
    await signInAs(page, "breast.chair@concilium.test");
    await page.goto("/meetings");
    await page.getByText("Schedule a meeting").click();
    const form = page.getByRole("form", { name: "New meeting" });

    // A time in the past is refused with a clear message.
    await form.getByLabel("Date and time").fill(localInput(-2));
    await form.getByLabel("Place").fill("Breast Unit seminar room");
    await form.getByRole("button", { name: "Create meeting" }).click();
    await expect(form.getByRole("alert")).toContainText("is in the past: a meeting must start in the future.");

    // The later meeting first (the finished one's cases move there), then the one to run.
    await form.getByLabel("Date and time").fill(localInput(12));
    await form.getByRole("button", { name: "Create meeting" }).click();
    await expect(page.getByText("No cases on this agenda yet.")).toBeVisible();
    await page.goto("/meetings");
    await page.getByText("Schedule a meeting").click();
    await page.getByRole("form", { name: "New meeting" }).getByLabel("Date and time").fill(localInput(4));
    await page.getByRole("form", { name: "New meeting" }).getByLabel("Length (minutes)").fill("15");
    await page.getByRole("form", { name: "New meeting" }).getByLabel("Place").fill("Breast Unit seminar room");
    await page.getByRole("form", { name: "New meeting" }).getByRole("button", { name: "Create meeting" }).click();
    await expect(page.getByText("No cases on this agenda yet.")).toBeVisible();
    const meetingUrl = page.url();

    const waiting = page.getByRole("list", { name: "Waiting cases" });
    const adds = waiting.getByRole("button", { name: /^Add .+ to the agenda$/ });
    await expect(adds.first()).toBeVisible();
    const first = (await adds.nth(0).getAttribute("aria-label"))!.replace(/^Add (.+) to the agenda$/, "$1");
    await adds.nth(0).click();
    await expect(page.getByRole("status").filter({ hasText: `${first} added to the agenda.` })).toBeVisible();
    await expect(waiting.getByRole("button", { name: `Add ${first} to the agenda` })).toHaveCount(0);
    const second = (await adds.nth(0).getAttribute("aria-label"))!.replace(/^Add (.+) to the agenda$/, "$1");
    await adds.nth(0).click();
    await expect.poll(() => agendaNames(page)).toEqual([first, second]);

    // 2 x 5 minutes fit a 15-minute meeting; 12 minutes for one case does not: a warning, not a refusal.
    const minutes = page.getByLabel(`Minutes for ${second}`);
    await minutes.fill("12");
    await minutes.press("Enter");
    await expect(page.getByRole("alert").filter({ hasText: "over the meeting's 15 minutes" })).toBeVisible();
    await expect(page.getByRole("progressbar", { name: /Planned 17 of 15 minutes — 2 over/ })).toBeVisible();
    await shot(page, "meeting-breast-over-time");

    await page.getByRole("button", { name: "Finish meeting…" }).click();
    const finish = page.getByRole("form", { name: "Finish meeting" });
    await finish.getByLabel(`Reason for ${second}`).fill("Awaiting MRI of the breast");
    await finish.getByRole("button", { name: "Finish and move 2 cases" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Meeting finished" })).toHaveText("Meeting finished: 0 discussed, 2 moved to the next meeting, 0 to the waiting list.");
    await page.goto(meetingUrl);
    const agenda = page.getByRole("table", { name: "Agenda" });
    await expect(agenda.getByRole("row", { name: new RegExp(second) })).toContainText("Awaiting MRI of the breast");
    await expect(page.getByRole("button", { name: "Publish agenda" })).toHaveCount(0);
    await shot(page, "meeting-breast-finished");

    await page.goto("/meetings");
    await page.getByRole("table", { name: "Upcoming meetings" }).getByRole("row").filter({ hasText: "Breast Cancer Board" }).getByRole("link").click();
    await expect.poll(() => agendaNames(page)).toEqual([first, second]);
    await expect(page.getByRole("table", { name: "Agenda" })).toContainText("Awaiting MRI of the breast");
  });

  test("the breast chair cancels the next meeting with a reason; its cases return to the waiting list", async ({ page }) => {
    await signInAs(page, "breast.chair@concilium.test");
    await page.goto("/meetings");
    await page.getByRole("table", { name: "Upcoming meetings" }).getByRole("row").filter({ hasText: "Breast Cancer Board" }).getByRole("link").click();
    await expect(page.getByRole("table", { name: "Agenda" })).toBeVisible();
    const names = await agendaNames(page);
    expect(names).toHaveLength(2);
    await page.getByRole("button", { name: "Publish agenda" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Agenda published" })).toBeVisible();

    await page.getByRole("button", { name: "Cancel meeting…" }).click();
    const cancel = page.getByRole("form", { name: "Cancel meeting" });
    await expect(cancel).toContainText("2 cases will move to the next meeting of the board (or the waiting list), with the cancellation as the reason.");
    // The reason is required: the browser keeps the form open without it.
    await cancel.getByRole("button", { name: "Cancel meeting and move 2 cases" }).click();
    await expect(cancel.getByLabel("Reason for cancelling")).toBeFocused();
    await cancel.getByLabel("Reason for cancelling").fill("Regional oncology congress");
    await shot(page, "meeting-cancel-form");
    await cancel.getByRole("button", { name: "Cancel meeting and move 2 cases" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Meeting cancelled" })).toContainText("Meeting cancelled: 0 cases moved to the next meeting, 2 to the waiting list;");
    await expect(page.getByRole("note", { name: "Cancellation" })).toContainText("Regional oncology congress");
    await expect(page.getByText("Cancelled", { exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: "Cancel meeting…" })).toHaveCount(0);
    await expect(page.getByRole("table", { name: "Agenda" })).toContainText("cancelled: Regional oncology congress");
    await shot(page, "meeting-cancelled");

    // No breast meeting lies ahead: both cases wait, with the reason, for the chair to place them.
    await page.goto("/meetings");
    await expect(page.getByRole("table", { name: "Upcoming meetings" }).getByRole("row").filter({ hasText: "Breast Cancer Board" })).toHaveCount(0);
    await page.getByText("Schedule a meeting").click();
    await page.getByRole("form", { name: "New meeting" }).getByLabel("Date and time").fill(localInput(20));
    await page.getByRole("form", { name: "New meeting" }).getByLabel("Place").fill("Breast Unit seminar room");
    await page.getByRole("form", { name: "New meeting" }).getByRole("button", { name: "Create meeting" }).click();
    const waiting = page.getByRole("list", { name: "Waiting cases" });
    for (const name of names) await expect(waiting.getByRole("button", { name: `Add ${name} to the agenda` })).toBeVisible();
    await expect(waiting).toContainText("cancelled: Regional oncology congress");
  });

  test("a specialist sees the agenda and attendance but cannot change them", async ({ page }) => {
    await signInAs(page, "surgeon@concilium.test");
    await openThoracicAgenda(page);
    await expect(page.getByRole("button", { name: /^Move .+ up$/ })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Drag to reorder / })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Publish agenda" })).toHaveCount(0);
    await expect(page.getByRole("table", { name: "Attendees" })).toBeVisible();
    await expect(page.getByLabel(/^Attendance of /)).toHaveCount(0);
  });
});
