import { expect, test, type Page } from "@playwright/test";
import { expectCspClean, shot, signInAs, watchCsp } from "./helpers";
import { waitForMail } from "./mail";

async function openCase(page: Page, patient: string) {
  await page.getByRole("table", { name: "Upcoming meetings" }).getByRole("row").filter({ hasText: "Thoracic Oncology Board" }).getByRole("link").click();
  await page.getByRole("link", { name: patient }).click();
  await expect(page.getByRole("heading", { name: patient })).toBeVisible();
}

test("a chair asks an outside expert: e-mail, one-time code, the CT and the slide in a pseudonymised read-only view, the opinion on the timeline, then the link withdrawn", async ({ page, browser, baseURL }) => {
  // Two people, two browsers, a CT and a slide: longer than one page's journey.
  test.setTimeout(180_000);
  // The embedded database outlives a run: a fresh address each time.
  const expertEmail = `dr.meyer.${Date.now()}@elsewhere.test`;
  watchCsp(page);
  await signInAs(page, "chair@concilium.test");
  await openCase(page, "LINDQVIST, Harald");

  const opinions = page.getByRole("region", { name: "Second opinions" });
  await opinions.getByRole("button", { name: "Ask an outside expert" }).click();
  const dialog = page.getByRole("dialog", { name: "Ask an outside expert" });
  await dialog.getByLabel("Expert's name").fill("Dr Eva Meyer");
  await dialog.getByLabel("Expert's e-mail").fill(expertEmail);
  await dialog.getByLabel("Question to the expert").fill("Would you operate, given the nodule's size and site?");
  const material = dialog.getByRole("group", { name: "Studies and slides to share" });
  await material.getByRole("checkbox", { name: /^CT/ }).first().check();
  await material.getByRole("checkbox", { name: /^Slide Core biopsy A1/ }).check();
  await expect(dialog.getByRole("checkbox", { name: /Show the patient's name/ })).not.toBeChecked();
  await shot(page, "expert-share-dialog");
  await dialog.getByRole("button", { name: "Share and send the link" }).click();
  await expect(opinions.getByRole("status")).toContainText(`Link sent to ${expertEmail}`);
  await expect(opinions.getByRole("listitem", { name: "Dr Eva Meyer" })).toContainText("Open");

  // The e-mail carries the link and nothing about the patient.
  const invitation = await waitForMail(expertEmail, "Subject: Concilium: a request for your second opinion");
  expect(invitation).not.toMatch(/LINDQVIST|Harald|operate/i);
  const link = /(http:\/\/\S+\/opinion\/[\w-]{43})/.exec(invitation)![1]!;

  // The expert, in a browser of their own, without an account.
  const theirs = await browser.newContext({ baseURL, viewport: { width: 1600, height: 1000 } });
  const expert = await theirs.newPage();
  watchCsp(expert);
  await expert.goto(link);
  await expect(expert.getByRole("heading", { name: "Second opinion" })).toBeVisible();
  await expert.getByRole("button", { name: "Send me a code" }).click();
  await expect(expert.getByRole("main").getByRole("status")).toHaveText("A code is on its way to your e-mail address.");
  const codeMail = await waitForMail(expertEmail, "Subject: Concilium: your one-time code");
  const code = /Your code is (\d{6})/.exec(codeMail)![1]!;
  await expert.getByLabel("One-time code").fill(code === "000000" ? "111111" : "000000");
  await expert.getByRole("button", { name: "Confirm" }).click();
  await expect(expert.getByRole("main").getByRole("alert")).toHaveText("The code is not correct, or it has expired. Ask for a new code if you need one.");
  await shot(expert, "expert-code-refused");
  await expert.getByLabel("One-time code").fill(code);
  const confirmedAt = Date.now();
  await expert.getByRole("button", { name: "Confirm" }).click();

  // A pseudonymised, read-only case with the shared CT in the viewer.
  await expect(expert.getByRole("heading", { name: /^Patient CON-/ })).toBeVisible();
  await expect(expert.getByRole("main")).not.toContainText(/LINDQVIST|Harald/i);
  await expect(expert.getByText("Would you operate, given the nodule's size and site?")).toBeVisible();
  const viewport = expert.getByRole("img", { name: /CT image \d+ of 133$/ });
  await expect(viewport).toHaveAttribute("data-status", "ready", { timeout: 30_000 });
  // The figure: from the code's confirmation (the share link opening) to the first CT image drawn.
  const timing = `share link (after the code) to first CT image: ${Date.now() - confirmedAt} ms`;
  test.info().annotations.push({ type: "timing", description: timing });
  console.log(timing);
  await expect(expert.getByRole("img", { name: "Slide Core biopsy A1" })).toHaveAttribute("data-status", "ready", { timeout: 30_000 });
  await shot(expert, "expert-case-view");

  // The expert measures, ten slices on, and keeps it in their own layer, which the board will see apart from its findings.
  const startName = (await viewport.getAttribute("aria-label"))!;
  const start = Number(/image (\d+) of/.exec(startName)![1]);
  await viewport.press("PageDown");
  await expect(viewport).toHaveAccessibleName(new RegExp(`CT image ${start + 10} of 133$`));
  await expert.getByRole("toolbar", { name: /tools/ }).first().getByRole("button", { name: "Length" }).click();
  // The drag must land on the image on screen: a point below the fold receives no mouse events.
  await viewport.scrollIntoViewIfNeeded();
  const box = (await viewport.boundingBox())!;
  const middleOnScreen = (Math.max(box.y, 0) + Math.min(box.y + box.height, expert.viewportSize()!.height)) / 2;
  await expert.mouse.move(box.x + box.width * 0.35, middleOnScreen);
  await expert.mouse.down();
  await expert.mouse.move(box.x + box.width * 0.45, middleOnScreen, { steps: 8 });
  await expert.mouse.up();
  const measured = expert.getByRole("region", { name: "Measurements" });
  await expect(measured).toContainText(/Length \d+\.\d mm/);
  await measured.getByLabel(/^Label for Length/).fill("nodule, long axis");
  await measured.getByRole("button", { name: /^Keep Length \d+\.\d mm in my annotations$/ }).click();
  await expect(measured.getByRole("status")).toHaveText("Kept for the board");
  await expect(expert.getByRole("list", { name: "Your annotations" })).toContainText(/nodule, long axis: Length \d+\.\d mm/);
  await shot(expert, "expert-annotation-kept");

  // A second measurement kept by mistake: the expert removes it from their layer while the link is open.
  await expert.mouse.move(box.x + box.width * 0.55, middleOnScreen + 40);
  await expert.mouse.down();
  await expert.mouse.move(box.x + box.width * 0.62, middleOnScreen + 40, { steps: 8 });
  await expert.mouse.up();
  await measured.getByRole("button", { name: /^Keep Length \d+\.\d mm in my annotations$/ }).click();
  const kept = expert.getByRole("list", { name: "Your annotations" });
  await expect(kept.getByRole("listitem")).toHaveCount(2);
  await kept.getByRole("button", { name: /^Remove Length \d+\.\d mm from my annotations$/ }).click();
  await expect(kept.getByRole("listitem")).toHaveCount(1);
  await expect(kept).toContainText(/nodule, long axis: Length \d+\.\d mm/);

  await expert.getByRole("radio", { name: "I would recommend something else" }).check();
  await expert.getByLabel("What you would recommend instead").fill("Stereotactic radiotherapy");
  await expert.getByLabel("Reasons").fill("Poor lung function; a peripheral nodule under 3 cm.");
  await expert.getByRole("button", { name: "Send my opinion" }).click();
  await expect(expert.getByRole("main").getByRole("status").filter({ hasText: "Thank you" })).toContainText("You recommend: Stereotactic radiotherapy");
  await shot(expert, "expert-opinion-sent");

  // The board sees it on the case's timeline and in the second opinions, and is notified.
  await page.reload();
  await expect(page.getByRole("list", { name: "Timeline items" })).toContainText("Second opinion: Dr Eva Meyer");
  await expect(page.getByRole("list", { name: "Timeline items" })).toContainText("Proposes another plan: Stereotactic radiotherapy");
  const answered = opinions.getByRole("listitem", { name: "Dr Eva Meyer" }).first();
  await expect(answered).toContainText("Recommends instead: Stereotactic radiotherapy");
  await expect(answered).toContainText("Answered");
  await answered.getByText("1 annotation by Dr Eva Meyer").click();
  await expect(answered.getByRole("list", { name: "Annotations by Dr Eva Meyer" })).toContainText(/nodule, long axis: Length \d+\.\d mm/);
  await shot(page, "expert-opinion-on-case");

  // On the images, the expert's layer is drawn read-only in its own colour, apart from the board's measurements.
  await page.getByRole("link", { name: "Open images" }).click();
  const boardImage = page.getByRole("img", { name: /CT image \d+ of 133$/ });
  await expect(boardImage).toHaveAttribute("data-status", "ready", { timeout: 30_000 });
  const layerToggle = page.getByRole("checkbox", { name: /^Show Dr Eva Meyer's annotations/ });
  await expect(layerToggle).toBeChecked();
  const layerList = page.getByRole("list", { name: "Dr Eva Meyer's annotations" });
  await expect(layerList.getByRole("listitem")).toHaveCount(1);
  const goTo = layerList.getByRole("button", { name: /^Go to nodule, long axis: Length \d+\.\d mm \(image \d+\)$/ });
  const slice = /\(image (\d+)\)$/.exec((await goTo.getAttribute("aria-label"))!)![1]!;
  // The board's reader starts elsewhere; the button brings them to the expert's slice.
  await expect(boardImage).not.toHaveAccessibleName(new RegExp(`CT image ${slice} of 133$`));
  await goTo.click();
  await expect(boardImage).toHaveAccessibleName(new RegExp(`CT image ${slice} of 133$`));
  // Not among the board's own measurements: the reader has drawn none.
  await expect(page.getByRole("region", { name: "Measurements" })).toHaveCount(0);
  await boardImage.scrollIntoViewIfNeeded();
  await shot(page, "expert-layer-on-board-viewer");
  await layerToggle.uncheck();
  await expect(layerToggle).not.toBeChecked();
  await shot(page, "expert-layer-hidden");
  await page.getByRole("link", { name: "Back to the case" }).click();

  // Withdrawn: the expert's next request is refused, in plain words.
  await answered.getByRole("button", { name: "Withdraw link" }).click();
  await expect(opinions.getByRole("status")).toHaveText("The link for Dr Eva Meyer is withdrawn.");
  await expert.reload();
  await expect(expert.getByRole("main").getByRole("alert")).toHaveText("This link has been withdrawn by the board that sent it.");
  await expect(expert.getByRole("main")).not.toContainText("CON-");
  await shot(expert, "expert-link-withdrawn");

  expectCspClean(page);
  expectCspClean(expert);
  await theirs.close();
});
