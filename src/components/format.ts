// Formatting for server components (the server's time zone is the hospital's): dates and people as clinicians write them.
const dateFmt = new Intl.DateTimeFormat("en-GB", { day: "2-digit", month: "short", year: "numeric" });
const dateTimeFmt = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "2-digit", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });
const timeFmt = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit" });
const utcDateFmt = new Intl.DateTimeFormat("en-GB", { day: "2-digit", month: "short", year: "numeric", timeZone: "UTC" });

export const formatDate = (d: Date) => dateFmt.format(d);
export const formatDateTime = (d: Date) => dateTimeFmt.format(d);
export const formatTime = (d: Date) => timeFmt.format(d);
/** Calendar dates (birth, diagnosis, outcome) are stored at midnight UTC: show them without a time-zone shift. */
export const formatCalendarDate = (d: Date) => utcDateFmt.format(d);

export function ageInYears(birthDate: Date, now = new Date()): number {
  let age = now.getUTCFullYear() - birthDate.getUTCFullYear();
  const beforeBirthday =
    now.getUTCMonth() < birthDate.getUTCMonth() || (now.getUTCMonth() === birthDate.getUTCMonth() && now.getUTCDate() < birthDate.getUTCDate());
  if (beforeBirthday) age -= 1;
  return age;
}

export const SEX_SHORT = { FEMALE: "F", MALE: "M", OTHER: "X", UNKNOWN: "?" } as const;

export const patientName = (p: { familyName: string; givenName: string }) => `${p.familyName.toUpperCase()}, ${p.givenName}`;

export const enumLabel = (value: string) => value.charAt(0) + value.slice(1).toLowerCase().replaceAll("_", " ");
