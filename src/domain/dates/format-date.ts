/**
 * The one way Concilium writes dates and times, on screens, in PDFs and in e-mails: "05 Dec 2026", "14:30",
 * "Sat, 05 Dec 2026, 14:30" (British English, 24-hour clock). Never a numeric "05/12/2026", which reads as May in
 * some countries. Instants (meetings, signatures) show in the time zone of whoever formats them (the server's is the
 * hospital's; a browser's is the reader's) unless `timeZone` is given. Calendar dates (birth, diagnosis, due dates)
 * are stored at midnight UTC and shown as UTC, so they never shift by a day.
 */
type Options = { timeZone?: string };

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: "date" | "dateTime" | "time" | "dayTime", timeZone: string | undefined): Intl.DateTimeFormat {
  const key = `${kind}|${timeZone ?? ""}`;
  let fmt = cache.get(key);
  if (!fmt) {
    const parts: Intl.DateTimeFormatOptions =
      kind === "date"
        ? { day: "2-digit", month: "short", year: "numeric" }
        : kind === "dateTime"
          ? { weekday: "short", day: "2-digit", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }
          : kind === "dayTime"
            ? { day: "2-digit", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }
            : { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    fmt = new Intl.DateTimeFormat("en-GB", { ...parts, timeZone });
    cache.set(key, fmt);
  }
  return fmt;
}

/** "05 Dec 2026" */
export const formatDate = (d: Date, options: Options = {}) => formatter("date", options.timeZone).format(d);
/** "Sat, 05 Dec 2026, 14:30" */
export const formatDateTime = (d: Date, options: Options = {}) => formatter("dateTime", options.timeZone).format(d);
/** "14:30" */
export const formatTime = (d: Date, options: Options = {}) => formatter("time", options.timeZone).format(d);
/** "05 Dec, 14:30": for recent events (notifications) where the year goes without saying. */
export const formatDayTime = (d: Date, options: Options = {}) => formatter("dayTime", options.timeZone).format(d);
/** Calendar dates (birth, diagnosis, outcome, due date) are stored at midnight UTC: "05 Dec 2026" without a shift. */
export const formatCalendarDate = (d: Date) => formatter("date", "UTC").format(d);
