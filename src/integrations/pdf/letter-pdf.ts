import { Composer } from "./compose";
import { writeDecision } from "./decision-section";
import { formatCalendarDate, formatDate } from "./format";
import type { LetterDocument } from "./types";

/** The board's letter to the referring physician or the GP: letterhead, recipient, patient, decision, signature. */
export async function renderLetterPdf(letter: LetterDocument): Promise<Uint8Array> {
  const { letterhead: lh, patient, decision } = letter;
  const generated = letter.generatedAt ?? new Date();
  const doc = await Composer.create({
    title: `Tumour board letter — ${patient.familyName}, ${patient.givenName}`,
    subject: `Letter to the ${letter.recipient.role}`,
    footer: `${lh.hospital} · ${lh.department} · confidential`,
    createdAt: generated,
  });
  doc.text(lh.hospital, { size: 14, bold: true, tone: "accent" });
  doc.text(lh.department, { size: 10.5, bold: true });
  const contact = [lh.address, [lh.phone && `Tel. ${lh.phone}`, lh.email].filter(Boolean).join(" · ")].filter(Boolean).join("\n");
  if (contact) doc.text(contact, { size: 8.5, tone: "muted" });
  doc.rule();
  doc.space(10);

  doc.text(letter.recipient.name, { bold: true });
  if (letter.recipient.address) doc.text(letter.recipient.address);
  doc.space(16);
  doc.text(formatDate(generated), { tone: "muted", after: 10 });

  doc.text(`Re: ${patient.familyName.toUpperCase()}, ${patient.givenName} · born ${formatCalendarDate(patient.birthDate)} · ${patient.sex} · MRN ${patient.mrn}`, { bold: true, after: 8 });
  doc.text(`Dear colleague,`, { after: 6 });
  doc.text(
    `Your patient was discussed at the ${letter.board}${letter.meetingDate ? ` on ${formatDate(letter.meetingDate)}` : ""}. ` +
      `The board's recommendation is: ${decision.recommendation}`,
    { after: 8 },
  );
  doc.heading("The board's decision", 3);
  if (letter.diagnosis) doc.field("Diagnosis", letter.diagnosis);
  doc.field("Question", letter.clinicalQuestion);
  // The board's internal deliberation (dissent, quorum) stays in the minutes.
  writeDecision(doc, decision, { quorum: false, dissent: false });
  doc.space(10);
  doc.text("Please do not hesitate to contact us with any questions.", { after: 18 });
  doc.text("Yours sincerely,", { after: 22 });
  doc.text(letter.chair, { bold: true });
  doc.text(`Chair, ${letter.board}`, { tone: "muted" });
  if (decision.signedAt) doc.text(`Signed electronically ${formatDate(decision.signedAt)}`, { size: 8.5, tone: "muted" });
  return doc.finish();
}
