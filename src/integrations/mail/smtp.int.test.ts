import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isEmailAddress, mailConfig, sendMail } from "./smtp";
import { attachmentOf, startTestSmtpServer } from "./test-smtp-server";

let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
beforeAll(async () => {
  smtp = await startTestSmtpServer();
});
afterAll(async () => smtp.close());

describe("mail through SMTP", () => {
  it("is off without SMTP_URL and takes the sender from SMTP_FROM", () => {
    expect(mailConfig({})).toBeNull();
    expect(mailConfig({ SMTP_URL: "  " })).toBeNull();
    expect(mailConfig({ SMTP_URL: "smtp://127.0.0.1:2525", SMTP_FROM: "MDT <mdt@example.org>" })).toEqual({ url: "smtp://127.0.0.1:2525", from: "MDT <mdt@example.org>" });
  });

  it("delivers a message with an attachment to a real SMTP server", async () => {
    const config = mailConfig({ SMTP_URL: smtp.url, SMTP_FROM: "Concilium <mdt@example.org>" })!;
    const result = await sendMail(config, {
      to: ["gp@example.org"],
      subject: "Tumour board letter",
      text: "Please find the letter attached.",
      attachments: [{ filename: "letter.pdf", content: new Uint8Array([37, 80, 68, 70, 45]), contentType: "application/pdf" }],
    });
    expect(result.accepted).toEqual(["gp@example.org"]);
    const mail = smtp.messages.at(-1)!;
    expect(mail.from).toBe("mdt@example.org");
    expect(mail.to).toEqual(["gp@example.org"]);
    expect(mail.raw).toContain("Subject: Tumour board letter");
    expect(attachmentOf(mail.raw, "letter.pdf")?.toString()).toBe("%PDF-");
  });

  it("fails clearly when the server cannot be reached", async () => {
    await expect(sendMail({ url: "smtp://127.0.0.1:1", from: "x@example.org" }, { to: "a@example.org", subject: "s", text: "t" })).rejects.toThrow();
  });

  it("checks typed addresses", () => {
    expect(isEmailAddress("dr.smith@practice.example.org")).toBe(true);
    for (const bad of ["", "smith", "smith@", "a b@example.org", "a@b", "a@example.org, b@example.org"]) expect(isEmailAddress(bad)).toBe(false);
  });
});
