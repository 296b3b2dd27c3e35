/** A calendar date for an e-mail, in the server's (the hospital's) time zone: "21 December 2026". */
export function formatCalendarDateIn(date: Date): string {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric" }).format(date);
}
