import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "@playwright/test";

const MAIL_DIR = path.resolve("test-results/e2e-mail");

/** The text of a message, quoted-printable soft breaks undone. */
const textOf = (raw: string) => raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");

/**
 * Waits for the newest message to `to` whose subject contains `subject`, received by the mail run's SMTP server
 * (e2e/mail-server.setup.ts), and returns its text.
 */
export async function waitForMail(to: string, subject: string): Promise<string> {
  let found = "";
  await expect
    .poll(
      () => {
        const files = readdirSync(MAIL_DIR).sort().reverse();
        for (const file of files) {
          const text = textOf(readFileSync(path.join(MAIL_DIR, file), "utf8"));
          if (text.includes(`To: ${to}`) && text.includes(subject)) {
            found = text;
            return true;
          }
        }
        return false;
      },
      { timeout: 15_000 },
    )
    .toBe(true);
  return found;
}
