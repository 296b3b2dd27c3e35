// Dates as the clinic writes them: the one date module (src/domain/dates/format-date.ts); the server's time zone is the hospital's.
export { formatCalendarDate, formatDate, formatDateTime, formatTime } from "@/domain/dates/format-date";

export const patientName = (p: { familyName: string; givenName: string }) => `${p.familyName.toUpperCase()}, ${p.givenName}`;
