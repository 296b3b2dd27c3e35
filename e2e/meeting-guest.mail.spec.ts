import { expect, test, type Page } from "@playwright/test";
import { newUid, syntheticImage } from "../src/integrations/dicomweb/test-support/synthetic-image";
import { expectCspClean, shot, signInAs, watchCsp } from "./helpers";
import { waitForMail } from "./mail";

const pad = (n: number) => String(n).padStart(2, "0");
/** A date-time input's value this many days ahead, at 08:00 local time. */
function localInput(days: number) {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T08:00`;
}

/** A meeting of the chair's own, far ahead, with one case from the waiting list: the demo's meetings stay untouched. */
async function scheduleMeetingWithOneCase(page: Page): Promise<{ url: string; patient: string }> {
  await page.goto("/meetings");
  await page.getByText("Schedule a meeting").click();
  const form = page.getByRole("form", { name: "New meeting" });
  await form.getByLabel("Date and time").fill(localInput(45));
  await form.getByLabel("Place").fill("Guest journey room");
  await form.getByRole("button", { name: "Create meeting" }).click();
  await expect(page.getByText("No cases on this agenda yet.")).toBeVisible();
  const add = page.getByRole("list", { name: "Waiting cases" }).getByRole("button", { name: /^Add .+ to the agenda$/ }).first();
  const patient = (await add.getAttribute("aria-label"))!.replace(/^Add (.+) to the agenda$/, "$1");
  await add.click();
  await expect(page.getByRole("status").filter({ hasText: `${patient} added to the agenda.` })).toBeVisible();
  return { url: page.url(), patient };
}

/** A CT-like slice: soft tissue (40 HU) in air, with a 200 HU lesion that moves from slice to slice. */
const phantom = (slice: number) => (row: number, column: number) => {
  const inside = (cx: number, cy: number, r: number) => (column - cx) ** 2 + (row - cy) ** 2 <= r * r;
  if (inside(70 + slice * 4, 56, 9)) return 1224;
  return inside(64, 64, 50) ? 1064 : 0;
};

/**
 * An outside CT for the agenda's patient (the demo's breast patients have no images): uploaded, held in quarantine as
 * its identifiers are another's, and attached to the patient by the chair. The mail run ends with this spec, and the
 * study is new (fresh UIDs), so no other journey sees it.
 */
async function attachOutsideCt(page: Page, patient: string) {
  const study = newUid();
  const series = newUid();
  const files = [1, 2, 3].map((i) => ({
    name: `outside-ct-${i}.dcm`,
    mimeType: "application/dicom",
    buffer: Buffer.from(syntheticImage({ patientId: `OUT-${study.slice(-8)}`, patientName: "OUTSIDESCAN^Guest", birthDate: "19700101", study, series, instanceNumber: i, rows: 128, columns: 128, pixel: phantom(i) }).bytes),
  }));
  await page.getByRole("link", { name: "Import images" }).click();
  await page.getByLabel("Choose files").first().setInputFiles(files);
  await page.getByRole("button", { name: "Upload 3 files" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText("3 held in quarantine", { timeout: 30_000 });
  await page.getByRole("link", { name: "Review the quarantine" }).click();
  const form = page.getByRole("form", { name: "Resolve CT study of OUTSIDESCAN, Guest" });
  await form.getByLabel("Attach to a patient").check();
  const option = await form.getByLabel("Patient", { exact: true }).locator("option", { hasText: patient }).textContent();
  await form.getByLabel("Patient", { exact: true }).selectOption({ label: option! });
  await form.getByLabel("Reason (kept in the audit log)").fill("Outside CT sent for the board; identity checked with the referring hospital.");
  await form.getByRole("button", { name: "Attach study" }).click();
  await expect(page.getByRole("status", { name: "Quarantine result" })).toContainText(`Attached to ${patient}`);
}

test("a chair invites a guest surgeon: e-mail, one-time code, the agenda followed live, attendance as Guest, refused once the meeting is finished", async ({ page, browser, baseURL }) => {
  // Two people, two browsers, a live stream: longer than one page's journey.
  test.setTimeout(180_000);
  const guestEmail = `dr.okafor.${Date.now()}@regional.test`;
  watchCsp(page);
  await signInAs(page, "breast.chair@concilium.test");
  const meeting = await scheduleMeetingWithOneCase(page);
  await attachOutsideCt(page, meeting.patient);
  await page.goto(meeting.url);

  const guests = page.getByRole("region", { name: "Guests" });
  await guests.getByRole("button", { name: "Invite a guest" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite a guest" });
  await dialog.getByLabel("Guest's name").fill("Dr Ada Okafor");
  await dialog.getByLabel("Guest's e-mail").fill(guestEmail);
  await dialog.getByLabel("Hospital and role").fill("Breast surgeon, Regional Hospital");
  await dialog.getByLabel("Specialty (for the quorum)").selectOption({ label: "Surgery" });
  await dialog.getByLabel("Note to the guest (optional)").fill("We would value your view on reconstruction.");
  await dialog.getByRole("button", { name: "Send the invitation" }).click();
  await expect(guests.getByRole("status")).toHaveText(`Invitation sent to ${guestEmail}.`);
  await expect(guests.getByRole("listitem", { name: "Dr Ada Okafor" })).toContainText("Invited");

  // The e-mail carries the link, the board and the date, and nothing about a patient.
  const invitation = await waitForMail(guestEmail, "Subject: Concilium: an invitation to the Breast Cancer Board");
  const [family] = meeting.patient.split(",");
  expect(invitation).not.toContain(family!);
  const link = /(http:\/\/\S+\/guest\/[\w-]{43})/.exec(invitation)![1]!;

  // The guest, in a browser of their own, without an account.
  const theirs = await browser.newContext({ baseURL });
  const guest = await theirs.newPage();
  watchCsp(guest);
  await guest.goto(link);
  await expect(guest.getByRole("heading", { name: "Meeting guest" })).toBeVisible();
  await guest.getByRole("button", { name: "Send me a code" }).click();
  await expect(guest.getByRole("main").getByRole("status")).toHaveText("A code is on its way to your e-mail address.");
  const code = /Your code is (\d{6})/.exec(await waitForMail(guestEmail, "Subject: Concilium: your one-time code"))![1]!;
  await guest.getByLabel("One-time code").fill(code);
  await guest.getByRole("button", { name: "Confirm" }).click();

  // The agenda of this meeting only, and nobody presenting yet.
  await expect(guest.getByRole("heading", { name: /^Breast Cancer Board — / })).toBeVisible();
  const cases = guest.getByRole("list", { name: "Cases" });
  await expect(cases.getByRole("listitem")).toHaveCount(1);
  await expect(cases).toContainText(meeting.patient);
  await expect(guest.getByRole("status", { name: "Now presenting" })).toHaveText("Nobody is presenting yet.");

  // The chair sees the guest joined, in the attendance marked Guest and outside the quorum (the board's default).
  await page.reload();
  await expect(guests.getByRole("listitem", { name: "Dr Ada Okafor" })).toContainText("Joined");
  const attendee = page.getByRole("table", { name: "Attendees" }).getByRole("row").filter({ hasText: "Dr Ada Okafor" });
  await expect(attendee).toContainText("Guest");
  await expect(attendee).toContainText("not in quorum");

  // The chair presents; the guest's view follows to the case on screen.
  await page.getByRole("button", { name: "Present" }).click();
  const moveToToday = page.getByRole("dialog", { name: "Present this meeting today?" });
  await moveToToday.getByRole("button", { name: "Move to today and present" }).click();
  await expect(page.getByRole("region", { name: "Presentation mode" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(meeting.patient);
  await expect(guest.getByRole("status", { name: "Now presenting" })).toContainText(`is presenting case 1: ${meeting.patient}`);
  await expect(cases.getByRole("listitem").filter({ hasText: meeting.patient })).toHaveAttribute("aria-current", "true");
  // The header follows too: the meeting is in progress now.
  await expect(guest.getByRole("region", { name: /^Breast Cancer Board — / })).toContainText("In progress");
  await shot(guest, "meeting-guest-following");

  // The guest opens the case read-only.
  await guest.getByRole("status", { name: "Now presenting" }).getByRole("link", { name: meeting.patient }).click();
  await expect(guest.getByRole("heading", { name: meeting.patient })).toBeVisible();
  await expect(guest.getByText("Clinical question")).toBeVisible();
  // The read-only viewers of the second-opinion page, on the patient's CT.
  const image = guest.getByRole("region", { name: "Images" }).getByRole("img", { name: /CT image \d+ of 3$/ });
  await expect(image).toHaveAttribute("data-status", "ready", { timeout: 30_000 });
  await shot(guest, "meeting-guest-case");
  await guest.getByRole("link", { name: "Back to the agenda" }).click();
  await expect(guest.getByRole("status", { name: "Now presenting" })).toContainText("is presenting case 1");

  // The chair finishes the meeting: the guest's next request is refused in plain words.
  await page.goto(meeting.url);
  await page.getByRole("button", { name: "Finish meeting…" }).click();
  await page.getByRole("form", { name: "Finish meeting" }).getByRole("button", { name: /^Finish/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "Meeting finished" })).toBeVisible();
  // The guest's open page switches to the refusal by itself: the server ended their live stream.
  await expect(guest.getByRole("main").getByRole("alert")).toHaveText("This meeting has ended; guest access is closed.");
  await guest.goto(link);
  await expect(guest.getByRole("main").getByRole("alert")).toHaveText("This meeting has ended; guest access is closed.");
  await expect(guest.getByRole("main")).not.toContainText(meeting.patient);
  await shot(guest, "meeting-guest-refused");
  await page.reload();
  await expect(guests.getByRole("listitem", { name: "Dr Ada Okafor" })).toContainText("Ended");
  expectCspClean(guest);
  expectCspClean(page);
  await theirs.close();
});
