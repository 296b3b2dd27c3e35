import { Composer } from "./compose";
import { writeDecision } from "./decision-section";
import { formatCalendarDate, formatDateTime, patientName } from "./format";
import type { MinutesDocument } from "./types";

/** The meeting's minutes: attendance by specialty, quorum, and every case with its decision. */
export async function renderMinutesPdf(minutes: MinutesDocument): Promise<Uint8Array> {
  const doc = await Composer.create({
    title: `${minutes.board} — minutes ${formatDateTime(minutes.startsAt)}`,
    subject: "Tumour board minutes",
    footer: `Minutes, ${minutes.board}, ${formatDateTime(minutes.startsAt)} · confidential: patient data`,
    createdAt: minutes.generatedAt,
  });
  if (minutes.letterhead) doc.text(`${minutes.letterhead.hospital} · ${minutes.letterhead.department}`, { size: 9, tone: "muted", after: 4 });
  doc.heading(`${minutes.board}: minutes`, 1);
  doc.field("Date and time", `${formatDateTime(minutes.startsAt)} (${minutes.durationMinutes} minutes)`);
  doc.field("Place", [minutes.location, minutes.videoLink].filter(Boolean).join(" · ") || "Not set");
  doc.field("Meeting status", minutes.status);

  doc.heading("Attendance");
  if (minutes.attendance.length === 0) {
    doc.text("No attendance recorded.", { tone: "muted" });
  } else {
    const bySpecialty = new Map<string, string[]>();
    for (const a of minutes.attendance) bySpecialty.set(a.specialty, [...(bySpecialty.get(a.specialty) ?? []), `${a.name}${a.mode ? ` (${a.mode})` : ""}`]);
    for (const [specialty, names] of [...bySpecialty].sort(([a], [b]) => a.localeCompare(b))) doc.field(specialty, names.join(", "));
  }
  const { quorum } = minutes;
  doc.space(4);
  if (quorum.required.length === 0) doc.text("Quorum: the board requires no particular specialties.", { tone: "muted" });
  else if (quorum.met) doc.text(`Quorum met: ${quorum.required.join(", ")} present.`, { bold: true });
  else doc.text(`Quorum NOT met — missing: ${quorum.missing.join(", ")}.`, { bold: true, tone: "warn" });

  doc.heading(`Cases (${minutes.items.length})`);
  for (const item of minutes.items) {
    doc.ensureSpace(90);
    doc.heading(`${item.position}. ${patientName(item.patient)} — MRN ${item.patient.mrn}, born ${formatCalendarDate(item.patient.birthDate)}`, 3);
    if (item.diagnosis) doc.field("Diagnosis", item.diagnosis);
    doc.field("Question", item.clinicalQuestion);
    if (item.discussedAt) doc.field("Discussed", formatDateTime(item.discussedAt));
    if (item.deferredReason) doc.field("Deferred", item.deferredReason, { tone: "warn" });
    if (item.decision) writeDecision(doc, item.decision);
    else doc.field("Decision", item.status === "Deferred" ? "Deferred to a later meeting" : "No decision recorded", { tone: "muted" });
    doc.rule();
  }
  if (minutes.items.length === 0) doc.text("No cases were on the agenda.", { tone: "muted" });
  return doc.finish();
}
