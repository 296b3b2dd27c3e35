import { expect, test, type Page } from "@playwright/test";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { shot, signInAs } from "./helpers";

async function openCase(page: Page, patient: string) {
  await page.getByRole("table", { name: "Upcoming meetings" }).getByRole("row").filter({ hasText: "Thoracic Oncology Board" }).getByRole("link").click();
  await page.getByRole("link", { name: patient }).click();
  await expect(page.getByRole("heading", { name: patient })).toBeVisible();
}

async function smallPdf(): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([420, 300]);
  page.drawText("Pathology report: adenocarcinoma, acinar", { x: 30, y: 250, size: 12, font: await pdf.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await pdf.save());
}

test("a coordinator attaches a pathology report to a case, finds it on the timeline and opens it inline", async ({ page }) => {
  await signInAs(page, "coordinator@concilium.test");
  await openCase(page, "LINDQVIST, Harald");
  const form = page.getByRole("form", { name: "Attach document" });

  await form.getByLabel("Kind").selectOption({ label: "Pathology report" });
  await form.getByLabel("Description").fill("Biopsy right upper lobe");
  await form.getByLabel(/^File/).setInputFiles({ name: "biopsy-report.pdf", mimeType: "application/pdf", buffer: await smallPdf() });
  await form.getByRole("button", { name: "Attach document" }).click();
  await expect(form.getByRole("status")).toHaveText("Attached biopsy-report.pdf.");

  const timeline = page.getByRole("list", { name: "Timeline items" });
  const link = timeline.getByRole("link", { name: "Document: Pathology report: Biopsy right upper lobe" });
  await expect(link).toBeVisible();
  await expect(timeline.getByText("biopsy-report.pdf")).toBeVisible();
  await shot(page, "case-documents-attached");

  // Opened in a new tab: the browser gets the PDF itself, inline, never sniffed.
  const href = await link.getAttribute("href");
  expect(href).toMatch(/^\/api\/cases\/[^/]+\/documents\/[^/]+$/);
  await expect(link).toHaveAttribute("target", "_blank");
  const response = await page.request.get(href!);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/pdf");
  expect(response.headers()["content-disposition"]).toContain('inline; filename="biopsy-report.pdf"');
  expect(response.headers()["x-content-type-options"]).toBe("nosniff");
  expect(Buffer.from(await response.body()).subarray(0, 5).toString()).toBe("%PDF-");

  // A text file renamed .pdf is refused with a message that stays.
  await form.getByLabel("Kind").selectOption({ label: "Letter" });
  await form.getByLabel("Description").fill("Referral letter");
  await form.getByLabel(/^File/).setInputFiles({ name: "letter.pdf", mimeType: "application/pdf", buffer: Buffer.from("Dear colleague, please see this patient.") });
  await form.getByRole("button", { name: "Attach document" }).click();
  await expect(form.getByRole("alert")).toHaveText('"letter.pdf" is not really a PDF file: only PDF documents (and PNG or JPEG images) can be attached.');
  await expect(timeline.getByRole("link", { name: /Referral letter/ })).toHaveCount(0);
  await shot(page, "case-documents-refused");
});
