// Dates and people as clinicians write them. Dates come from the one date module (src/domain/dates/format-date.ts).
export { formatCalendarDate, formatDate, formatDateTime, formatDayTime, formatTime } from "@/domain/dates/format-date";

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
