import { caseStartTimes } from "@/domain/agenda/time-budget";
import { Composer } from "./compose";
import { formatCalendarDate, formatDateTime, formatTime, patientName } from "./format";
import type { AgendaDocument } from "./types";

/** The printable agenda: meeting, place or video link, and the ordered cases with their planned start times. */
export async function renderAgendaPdf(agenda: AgendaDocument): Promise<Uint8Array> {
  const title = `${agenda.board} — agenda ${formatDateTime(agenda.startsAt)}`;
  const doc = await Composer.create({
    title,
    subject: "Tumour board agenda",
    footer: `${agenda.board}, ${formatDateTime(agenda.startsAt)} · confidential: patient data`,
    createdAt: agenda.generatedAt,
  });
  if (agenda.letterhead) doc.text(`${agenda.letterhead.hospital} · ${agenda.letterhead.department}`, { size: 9, tone: "muted", after: 4 });
  doc.heading(`${agenda.board}: agenda`, 1);
  doc.field("Date and time", `${formatDateTime(agenda.startsAt)} (${agenda.durationMinutes} minutes)`);
  doc.field("Place", agenda.location ?? "Not set");
  if (agenda.videoLink) doc.field("Video link", agenda.videoLink);
  const planned = agenda.items.reduce((sum, i) => sum + i.minutesBudget, 0);
  doc.field("Cases", `${agenda.items.length}, ${planned} minutes planned${planned > agenda.durationMinutes ? ` (${planned - agenda.durationMinutes} over the meeting's time)` : ""}`, { after: 8 });

  const starts = caseStartTimes(agenda.startsAt, agenda.items);
  const rows = agenda.items.map((item, index) => {
    return [
      String(item.position),
      formatTime(starts[index]!),
      `${patientName(item.patient)}\nMRN ${item.patient.mrn}\nborn ${formatCalendarDate(item.patient.birthDate)}`,
      item.diagnosis ?? "—",
      `${item.urgent ? "URGENT · " : ""}${item.questionType}: ${item.clinicalQuestion}`,
      String(item.minutesBudget),
    ];
  });
  doc.table(
    [
      { header: "#", width: 0.05 },
      { header: "Starts", width: 0.09 },
      { header: "Patient", width: 0.26 },
      { header: "Diagnosis", width: 0.17 },
      { header: "Question", width: 0.36 },
      { header: "Min", width: 0.07, align: "right" },
    ],
    rows,
  );
  if (agenda.items.length === 0) doc.text("No cases on this agenda yet.", { tone: "muted" });
  return doc.finish();
}
