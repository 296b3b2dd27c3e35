import { CODE_MINUTES } from "@/domain/expert-opinion/share-rules";
import { sendMail, type MailConfig, type MailTransport } from "@/integrations/mail/smtp";

/** The one-time code's own e-mail (a second-opinion link's or a meeting guest's): the code and nothing else. */
export async function mailOneTimeCode(config: MailConfig, to: string, code: string, transport?: MailTransport): Promise<{ ok: true } | { ok: false; message: string }> {
  try {
    await sendMail(
      config,
      { to, subject: "Concilium: your one-time code", text: [`Your code is ${code}.`, "", `It works once, for ${CODE_MINUTES} minutes. Nobody from the hospital will ask you for it.`].join("\n") },
      transport,
    );
  } catch {
    return { ok: false, message: "The code could not be sent. Try again in a moment." };
  }
  return { ok: true };
}
