import { expect, test, type Page } from "@playwright/test";
import { shot as fullShot, signedInPage } from "./helpers";

// The coordinator records the board's decision beside the presentation, without leaving it. This journey uses the
// colorectal board's upcoming meeting (the thoracic one belongs to the live-follow and decision journeys) and its
// second and third cases (PETROV, first, belongs to the image journeys); it stops presenting at the end.

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screenshots/${name}.png` });

async function openColorectalAgenda(page: Page) {
  await page.goto("/meetings");
  await page.getByRole("table", { name: "Upcoming meetings" }).getByRole("row").filter({ hasText: "Colorectal Cancer Board" }).first().getByRole("link").click();
  await expect(page.getByRole("table", { name: "Agenda" })).toBeVisible();
}

async function followLive(page: Page) {
  await openColorectalAgenda(page);
  await page.getByRole("link", { name: "Follow live" }).click();
  await expect(page.getByRole("status", { name: "Follow status" })).toHaveText(/^Following /);
  await expect(page.getByRole("status", { name: /Connection: Live/ })).toBeVisible();
}

const caseHeading = (page: Page) => page.getByRole("heading", { level: 1 });
const decisionPanel = (page: Page) => page.getByRole("complementary", { name: /^Decision: / });

test("the coordinator records the decision in a side panel that follows the presenter; the presenter's screen stays clean", async ({ browser }) => {
  test.setTimeout(180_000);
  const chair = await signedInPage(browser, "chair@concilium.test");
  const coordinator = await signedInPage(browser, "coordinator@concilium.test");
  const surgeon = await signedInPage(browser, "surgeon@concilium.test");

  // The chair presents (moving the meeting to today if it is planned for another day) and goes to the second case.
  await openColorectalAgenda(chair);
  await chair.getByRole("button", { name: "Present" }).click();
  const moveToToday = chair.getByRole("dialog", { name: "Present this meeting today?" });
  const presenting = chair.getByLabel("Presenter").getByText("You are presenting");
  await expect(moveToToday.or(presenting)).toBeVisible();
  if (await moveToToday.isVisible()) await moveToToday.getByRole("button", { name: "Move to today and present" }).click();
  await expect(presenting).toBeVisible();
  // The badge is drawn by the server; keys work once the page is live (its handlers attach with the connection).
  await expect(chair.getByRole("status", { name: /Connection: Live/ })).toBeVisible();
  await chair.keyboard.press("n");
  await expect(chair.getByLabel("Case position")).toHaveText(/^Case 2 of /);
  const second = (await caseHeading(chair).textContent())!;

  // The coordinator and the surgeon follow.
  await followLive(coordinator);
  await followLive(surgeon);
  await expect(caseHeading(coordinator)).toHaveText(second);
  await expect(caseHeading(surgeon)).toHaveText(second);

  // A specialist is not offered the panel, by button or key.
  await expect(surgeon.getByRole("button", { name: "Shortcuts (?)" })).toBeVisible();
  await expect(surgeon.getByRole("button", { name: "Record decision" })).toHaveCount(0);
  await surgeon.locator("body").press("d");
  await expect(decisionPanel(surgeon)).toHaveCount(0);

  // The coordinator opens the panel with D (listed among the shortcuts) and records staging for the case on screen.
  await coordinator.locator("body").press("?");
  const shortcuts = coordinator.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(shortcuts.getByRole("table", { name: "Keyboard shortcuts" })).toContainText("Open or close the decision panel");
  await coordinator.keyboard.press("Escape");
  await expect(shortcuts).toBeHidden();
  await coordinator.locator("body").press("d");
  const panel = decisionPanel(coordinator);
  await expect(panel).toHaveAccessibleName(`Decision: ${second}`);
  const form = panel.getByRole("form", { name: "Record decision" });
  const saveStatus = form.getByRole("status", { name: "Save status" });
  await form.getByLabel("Prefix").selectOption("c");
  await form.getByLabel("T category").selectOption("T3");
  await form.getByLabel("N category").selectOption("N1");
  await form.getByLabel("M category").selectOption("M0");
  await expect(form.getByLabel("Stage group")).toHaveValue("IIIB");
  await expect(saveStatus).toContainText("Draft version 1 saved");

  // Typing N, P, V, S, F, [ and ] in the form is typing: the coordinator still follows the same case.
  const recommendation = "Total neoadjuvant therapy [FOLFOX], then surgery; re-staging MRI first.";
  await form.getByLabel("Recommendation").pressSequentially(recommendation);
  await expect(form.getByLabel("Recommendation")).toHaveValue(recommendation);
  await expect(caseHeading(coordinator)).toHaveText(second);
  await expect(coordinator.getByRole("status", { name: "Follow status" })).toHaveText(/^Following /);
  await shot(coordinator, "decision-in-meeting-coordinator");

  // The presenter's screen has no panel.
  await expect(chair.getByRole("button", { name: "Record decision" })).toHaveAttribute("aria-pressed", "false");
  await expect(decisionPanel(chair)).toHaveCount(0);
  await shot(chair, "decision-in-meeting-presenter");
  await shot(surgeon, "decision-in-meeting-specialist");

  // The presenter moves on while the last words may still wait for the autosave: they are saved, and the panel follows.
  const rationale = "Threatened CRM on MRI.";
  await form.getByLabel("Rationale").fill(rationale);
  await chair.keyboard.press("n");
  await expect(chair.getByLabel("Case position")).toHaveText(/^Case 3 of /);
  const third = (await caseHeading(chair).textContent())!;
  await expect(caseHeading(coordinator)).toHaveText(third);
  await expect(panel).toHaveAccessibleName(`Decision: ${third}`);
  await expect(form.getByLabel("Recommendation")).toHaveValue("");
  await expect(saveStatus).toHaveText("New decision: it saves as you type");
  await shot(coordinator, "decision-in-meeting-follows");

  // The second case's page holds the decision recorded in the meeting.
  const casePage = await coordinator.context().newPage();
  await openColorectalAgenda(casePage);
  await casePage.getByRole("table", { name: "Agenda" }).getByRole("link", { name: second }).click();
  await expect(casePage.getByRole("heading", { name: second })).toBeVisible();
  const history = casePage.getByRole("list", { name: "Decision versions" });
  await expect(history).toContainText("cT3N1M0");
  await expect(history).toContainText(recommendation);
  await expect(casePage.getByRole("form", { name: "Record decision" }).getByLabel("Rationale")).toHaveValue(rationale);
  await casePage.getByRole("heading", { name: "Board decision" }).scrollIntoViewIfNeeded();
  await fullShot(casePage, "decision-in-meeting-case-page");
  await casePage.close();

  // D closes the panel again; the chair stops presenting, so later journeys find the meeting as it was.
  await coordinator.locator("body").press("d");
  await expect(panel).toHaveCount(0);
  await chair.getByRole("button", { name: "Stop presenting" }).click();
  await expect(chair.getByLabel("Presenter")).toHaveText("Nobody is presenting");

  await chair.context().close();
  await coordinator.context().close();
  await surgeon.context().close();
});
