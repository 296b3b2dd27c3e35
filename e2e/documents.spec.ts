import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { pdfText } from "../src/integrations/pdf/read-pdf-text";
import { openLatestPastMeeting, shot, signInAs } from "./helpers";

const LETTERHEAD = {
  hospital: "St. Elsewhere University Hospital",
  department: "Thoracic Tumour Board",
  address: "Hospital Lane 1\n1000 AA Example",
  phone: "+31 20 555 0100",
  email: "mdt@st-elsewhere.example.org",
};

/** Clicks a link that downloads, and returns the suggested file name and the bytes. */
async function download(page: Page, name: string | RegExp) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name }).click()]);
  const path = await file.path();
  return { filename: file.suggestedFilename(), bytes: new Uint8Array(await readFile(path)) };
}

async function openPastThoracicMeeting(page: Page) {
  await page.getByRole("link", { name: "Meetings" }).first().click();
  await openLatestPastMeeting(page, "Thoracic Oncology Board");
  await expect(page.getByRole("table", { name: "Agenda" })).toBeVisible();
}

test.describe.serial("documents: letterhead, minutes, letters, FHIR", () => {
  test("an administrator sets the hospital's letterhead", async ({ page }) => {
    await signInAs(page, "admin@concilium.test");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
    await expect(page.getByRole("heading", { name: "Letterhead" })).toBeVisible();
    const form = page.getByRole("form", { name: "Letterhead" });
    await expect(form.getByLabel("Hospital")).toHaveValue("Concilium Hospital");
    await form.getByLabel("Hospital").fill(LETTERHEAD.hospital);
    await form.getByLabel("Department").fill(LETTERHEAD.department);
    await form.getByLabel("Address").fill(LETTERHEAD.address);
    await form.getByLabel("Phone").fill(LETTERHEAD.phone);
    await form.getByLabel("E-mail").fill(LETTERHEAD.email);
    await form.getByRole("button", { name: "Save letterhead" }).click();
    await expect(form.getByRole("status")).toHaveText("Letterhead saved. New letters use it.");

    await form.getByLabel("Phone").fill("call the switchboard");
    await form.getByRole("button", { name: "Save letterhead" }).click();
    await expect(form.getByRole("status")).toContainText("A phone number has digits");
    await shot(page, "documents-letterhead");
    await page.reload();
    await expect(page.getByRole("form", { name: "Letterhead" }).getByLabel("Phone")).toHaveValue(LETTERHEAD.phone);
    await expect(page.getByText(/Last changed/)).toBeVisible();
  });

  test("the chair downloads the minutes of a past meeting", async ({ page }) => {
    await signInAs(page, "chair@concilium.test");
    await openPastThoracicMeeting(page);
    const documents = page.getByRole("navigation", { name: "Meeting documents" });
    await expect(documents.getByRole("link", { name: "Minutes (PDF)" })).toBeVisible();
    await shot(page, "documents-meeting");

    const minutes = await download(page, "Minutes (PDF)");
    expect(minutes.filename).toMatch(/^minutes-thoracic-\d{4}-\d{2}-\d{2}\.pdf$/);
    const text = pdfText(minutes.bytes);
    expect(text).toContain("Thoracic Oncology Board: minutes");
    expect(text).toContain("KOWALSKI, Piotr");
    expect(text).toContain("Induction chemoradiation (45 Gy) followed by re-staging and resection.");
    expect(text).toContain("cT3 cN1 cM0, stage IIIA");
    expect(text).toMatch(/Page 1 of \d+/);

    const agenda = await download(page, "Agenda (PDF)");
    expect(pdfText(agenda.bytes)).toContain("Thoracic Oncology Board: agenda");
    const ics = await download(page, "Calendar (ICS)");
    const calendar = Buffer.from(ics.bytes).toString("utf8");
    expect(calendar).toContain("BEGIN:VEVENT");
    expect(calendar).not.toContain("KOWALSKI");
  });

  test("the chair downloads a letter to the GP with the letterhead, and sees what is missing for the referrer", async ({ page }) => {
    await signInAs(page, "chair@concilium.test");
    await openPastThoracicMeeting(page);
    await page.getByRole("table", { name: "Agenda" }).getByRole("link", { name: "KOWALSKI, Piotr" }).click();
    await expect(page.getByRole("heading", { name: "KOWALSKI, Piotr" })).toBeVisible();
    const section = page.getByRole("region", { name: "Letters and exports" });
    await expect(section.getByText("No referring physician on file")).toBeVisible();
    await expect(section.getByText("E-mail is not configured on this server")).toBeVisible();
    await section.scrollIntoViewIfNeeded();
    await shot(page, "documents-case");

    const letter = await download(page, "Letter to the GP (PDF)");
    expect(letter.filename).toBe("letter-gp-mrn-100109-v1.pdf");
    const text = pdfText(letter.bytes);
    for (const s of [LETTERHEAD.hospital, LETTERHEAD.department, "Hospital Lane 1", LETTERHEAD.email, "Dr Agnieszka Wróbel", "Re: KOWALSKI, Piotr", "Induction chemoradiation (45 Gy)", "Yours sincerely,", "Chair, Thoracic Oncology Board"]) {
      expect(text).toContain(s);
    }

    const fhir = await download(page, /Export decision version 1 as HL7 FHIR mCODE/);
    const bundle = JSON.parse(Buffer.from(fhir.bytes).toString("utf8"));
    expect(bundle).toMatchObject({ resourceType: "Bundle", type: "collection" });
    expect(bundle.entry.map((e: { resource: { resourceType: string } }) => e.resource.resourceType)).toContain("CarePlan");
  });

  test("a patient without a GP gets a clear message instead of a letter", async ({ page }) => {
    await signInAs(page, "chair@concilium.test");
    await openPastThoracicMeeting(page);
    await page.getByRole("table", { name: "Agenda" }).getByRole("link", { name: "AHMED, Fatima" }).click();
    const section = page.getByRole("region", { name: "Letters and exports" });
    await expect(section.getByText("No GP on file: add the GP's name and address to the patient to write this letter.")).toBeVisible();
    await expect(section.getByRole("link", { name: "Letter to the GP (PDF)" })).toHaveCount(0);
    // The route says the same, should anyone call it directly.
    const caseId = new URL(page.url()).pathname.split("/").pop()!;
    const fhirHref = await section.getByRole("link", { name: /HL7 FHIR mCODE/ }).getAttribute("href");
    const decisionId = fhirHref!.split("/")[3]!;
    const response = await page.request.get(`/api/cases/${caseId}/letter?decisionId=${decisionId}&recipient=gp`);
    expect(response.status()).toBe(400);
    expect((await response.json()).error).toContain("The patient has no general practitioner (GP) recorded.");
  });

  test("someone outside the board is refused the minutes", async ({ page }) => {
    await signInAs(page, "breast.chair@concilium.test");
    const meetings = await page.request.get("/api/meetings/does-not-exist/minutes.pdf");
    expect(meetings.status()).toBe(404);
    await page.context().clearCookies();
    await signInAs(page, "chair@concilium.test");
    await openPastThoracicMeeting(page);
    const meetingId = new URL(page.url()).pathname.split("/").pop()!;
    await page.context().clearCookies();
    await signInAs(page, "breast.chair@concilium.test");
    const refused = await page.request.get(`/api/meetings/${meetingId}/minutes.pdf`);
    // The same answer as for a meeting that does not exist.
    expect(refused.status()).toBe(404);
    expect((await refused.json()).error).toBe("Not found.");
  });
});
