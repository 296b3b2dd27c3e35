import { expect, test, type Page } from "@playwright/test";
import { shot, signInAs } from "./helpers";

// The agenda's details as the breast chair meets them, on a meeting this spec creates far ahead and cancels at the
// end (empty), so the other journeys find the breast board as the seed left it: the summary of an empty and of a
// filled agenda, each case's start time, publishing without a reload, the row that follows a mouse drag, removal
// that asks first, one way of writing dates, and the favicon.

const pad = (n: number) => String(n).padStart(2, "0");
/** A datetime-local value `days` from now at 08:00 local time. */
function localInput(days: number) {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T08:00`;
}

const agendaTable = (page: Page) => page.getByRole("table", { name: "Agenda" });
const agendaNames = (page: Page) => agendaTable(page).locator(`tbody tr a[href^="/cases/"]`).allInnerTexts();
const summary = (page: Page) => page.getByRole("region", { name: "Agenda" }).getByText(/^(No cases on the agenda yet|\d+ cases?: .+) · (published|not published yet)$/);

test.describe.serial("agenda details", () => {
  test("the chair sees start times and an honest summary, publishes, drags a row she can see, and confirms each removal", async ({ page }) => {
    await signInAs(page, "breast.chair@concilium.test");
    await page.goto("/meetings");
    await page.getByText("Schedule a meeting").click();
    const form = page.getByRole("form", { name: "New meeting" });
    await form.getByLabel("Date and time").fill(localInput(45));
    await form.getByLabel("Length (minutes)").fill("60");
    await form.getByLabel("Place").fill("Breast Unit seminar room");
    await form.getByRole("button", { name: "Create meeting" }).click();

    // An empty meeting is not "all ready".
    await expect(summary(page)).toHaveText("No cases on the agenda yet · not published yet");
    await expect(page.getByRole("region", { name: "Agenda" })).not.toContainText("all ready");

    const waiting = page.getByRole("list", { name: "Waiting cases" });
    const adds = waiting.getByRole("button", { name: /^Add .+ to the agenda$/ });
    const names: string[] = [];
    for (let i = 0; i < 2; i++) {
      await expect(adds.first()).toBeVisible();
      const name = (await adds.first().getAttribute("aria-label"))!.replace(/^Add (.+) to the agenda$/, "$1");
      await adds.first().click();
      await expect(page.getByRole("status").filter({ hasText: `${name} added to the agenda.` })).toBeVisible();
      names.push(name);
      await expect.poll(() => agendaNames(page)).toEqual(names);
    }
    const [first, second] = names as [string, string];

    // Readiness: only ready cases count as ready; out of date ones are counted apart.
    await expect(summary(page)).toHaveText(/^2 cases: \d ready(, \d with missing items)?(, \d out of date)? · not published yet$/);

    // Each case starts after the minutes of those before it, from the meeting's 08:00.
    const firstMinutes = Number(await page.getByLabel(`Minutes for ${first}`).inputValue());
    const table = agendaTable(page);
    await expect(table.getByRole("columnheader", { name: "Starts" })).toBeVisible();
    await expect(table.getByRole("row", { name: new RegExp(first) }).getByRole("cell").nth(1)).toHaveText("08:00");
    await expect(table.getByRole("row", { name: new RegExp(second) }).getByRole("cell").nth(1)).toHaveText(`08:${pad(firstMinutes)}`);

    // Dates read "05 Dec 2026" everywhere, never "05/12/2026".
    await expect(page.getByRole("main")).not.toContainText(/\b\d{1,2}\/\d{1,2}\/\d{4}\b/);

    // Publishing says "published" on the agenda at once, without a reload.
    await page.getByRole("button", { name: "Publish agenda" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Agenda published" })).toBeVisible();
    await expect(summary(page)).toHaveText(/ · published$/);
    await expect(page.getByRole("button", { name: "Republish agenda" })).toBeVisible();
    await shot(page, "agenda-details-published");

    // A mouse drag: the row follows the pointer while it moves, then lands in its new place.
    const handle = page.getByRole("button", { name: `Drag to reorder ${first}` });
    const from = (await handle.boundingBox())!;
    const to = (await table.getByRole("row", { name: new RegExp(second) }).boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2 + 8, { steps: 4 });
    await page.mouse.move(from.x + from.width / 2, to.y + to.height * 0.75, { steps: 12 });
    await expect(page.getByRole("note", { name: `Dragging ${first}` })).toBeVisible();
    // Not a full-page shot: resizing the window cancels a drag.
    await page.screenshot({ path: "test-results/screenshots/agenda-details-dragging.png" });
    await page.mouse.up();
    await expect(page.getByRole("status").filter({ hasText: `${first} moved to position 2.` })).toBeVisible();
    await expect.poll(() => agendaNames(page)).toEqual([second, first]);
    await expect(page.getByRole("note", { name: `Dragging ${first}` })).toHaveCount(0);

    // Removing asks first, naming the patient; Cancel keeps the case where it was.
    await page.getByRole("button", { name: `Remove ${second} from the agenda` }).click();
    const dialog = page.getByRole("dialog", { name: `Remove ${second} from the agenda?` });
    await expect(dialog).toContainText(`${second} (`);
    await expect(dialog).toContainText("goes back to the waiting list");
    await shot(page, "agenda-details-remove-confirm");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await expect.poll(() => agendaNames(page)).toEqual([second, first]);

    for (const name of [second, first]) {
      await page.getByRole("button", { name: `Remove ${name} from the agenda` }).click();
      await page.getByRole("dialog", { name: `Remove ${name} from the agenda?` }).getByRole("button", { name: "Remove from agenda" }).click();
      await expect(page.getByRole("status").filter({ hasText: `${name} is back on the waiting list.` })).toBeVisible();
      await expect.poll(() => agendaNames(page)).not.toContain(name);
    }
    await expect(summary(page)).toHaveText("No cases on the agenda yet · published");
    for (const name of names) await expect(waiting.getByRole("button", { name: `Add ${name} to the agenda` })).toBeVisible();

    // Leave the breast board as it was: the empty meeting is cancelled (it moves no case).
    await page.getByRole("button", { name: "Cancel meeting…" }).click();
    const cancel = page.getByRole("form", { name: "Cancel meeting" });
    await cancel.getByLabel("Reason for cancelling").fill("Created by the agenda details test");
    await cancel.getByRole("button", { name: "Cancel meeting", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "Meeting cancelled" })).toBeVisible();
  });

  test("every page names its favicon, a calm SVG that is served", async ({ page, request }) => {
    await page.goto("/login");
    const href = await page.locator('link[rel="icon"][type="image/svg+xml"]').getAttribute("href");
    expect(href).toMatch(/^\/icon\.svg/);
    const icon = await request.get(href!);
    expect(icon.status()).toBe(200);
    expect(icon.headers()["content-type"]).toContain("image/svg+xml");
    expect(await icon.text()).toContain("<title id=\"title\">Concilium</title>");
  });
});
