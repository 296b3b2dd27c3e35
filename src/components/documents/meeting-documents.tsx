/**
 * Links to a meeting's documents: the printable agenda, the calendar event and the minutes. Works in server and
 * client components alike (plain links; the routes answer with Content-Disposition: attachment).
 */
export function MeetingDocuments({ meetingId, showMinutes = true }: { meetingId: string; showMinutes?: boolean }) {
  const base = `/api/meetings/${encodeURIComponent(meetingId)}`;
  return (
    <nav aria-label="Meeting documents" className="flex flex-wrap items-center gap-2 text-sm">
      <span className="label mb-0">Documents</span>
      <a className="btn" href={`${base}/agenda.pdf`} download>
        Agenda (PDF)
      </a>
      <a className="btn" href={`${base}/agenda.ics`} download title="Add the meeting to your calendar (no patient data)">
        Calendar (ICS)
      </a>
      {showMinutes && (
        <a className="btn" href={`${base}/minutes.pdf`} download>
          Minutes (PDF)
        </a>
      )}
    </nav>
  );
}
