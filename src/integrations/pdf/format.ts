// Dates as the clinic writes them; the server's time zone is the hospital's (as in src/components/format.ts).
const dateFmt = new Intl.DateTimeFormat("en-GB", { day: "2-digit", month: "short", year: "numeric" });
const dateTimeFmt = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "2-digit", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });
const timeFmt = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit" });
const calendarFmt = new Intl.DateTimeFormat("en-GB", { day: "2-digit", month: "short", year: "numeric", timeZone: "UTC" });

export const formatDate = (d: Date) => dateFmt.format(d);
export const formatDateTime = (d: Date) => dateTimeFmt.format(d);
export const formatTime = (d: Date) => timeFmt.format(d);
/** Birth dates are stored at midnight UTC: shown without a time-zone shift. */
export const formatCalendarDate = (d: Date) => calendarFmt.format(d);

export const patientName = (p: { familyName: string; givenName: string }) => `${p.familyName.toUpperCase()}, ${p.givenName}`;
