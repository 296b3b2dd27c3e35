"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { errorMessage } from "@/components/error-message";
import { useTRPC } from "@/trpc/react";
import { UserProfileFields, type UserProfile } from "./user-profile-fields";

type Message = { ok: boolean; text: string } | null;

function StatusLine({ message }: { message: Message }) {
  if (!message) return null;
  return (
    <p role={message.ok ? "status" : "alert"} className={`rounded px-2 py-1 text-sm ${message.ok ? "bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100" : "bg-rose-50 text-rose-800 dark:bg-rose-950 dark:text-rose-200"}`}>
      {message.text}
    </p>
  );
}

export interface EditableUser extends UserProfile {
  id: string;
  active: boolean;
  revision: number;
}

/**
 * Edits one user: profile and boards, active or not, and a set-password link. Every change is sent with the revision
 * this page loaded; when someone else changed the user meanwhile, the server refuses and the message says so.
 */
export function UserEditor({ user, boards, emailConfigured, isSelf }: { user: EditableUser; boards: { id: string; name: string }[]; emailConfigured: boolean; isSelf: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const update = useMutation(trpc.userAdmin.update.mutationOptions());
  const deactivate = useMutation(trpc.userAdmin.deactivate.mutationOptions());
  const reactivate = useMutation(trpc.userAdmin.reactivate.mutationOptions());
  const sendLink = useMutation(trpc.userAdmin.sendSetPasswordLink.mutationOptions());

  const [revision, setRevision] = useState(user.revision);
  const [active, setActive] = useState(user.active);
  const [profile, setProfile] = useState<UserProfile>({ name: user.name, role: user.role, specialty: user.specialty, boardIds: user.boardIds });
  const [profileMessage, setProfileMessage] = useState<Message>(null);
  const [accessMessage, setAccessMessage] = useState<Message>(null);
  const [link, setLink] = useState<{ url: string; expiresAt: Date } | null>(null);

  async function save(event: FormEvent) {
    event.preventDefault();
    setProfileMessage(null);
    try {
      const result = await update.mutateAsync({ userId: user.id, revision, ...profile });
      setRevision(result.revision);
      setProfileMessage({ ok: true, text: "Changes saved. They count from the user's next click." });
      router.refresh();
    } catch (e) {
      setProfileMessage({ ok: false, text: errorMessage(e, "Saving failed; try again.") });
    }
  }

  async function toggleActive() {
    setAccessMessage(null);
    try {
      if (active) {
        const result = await deactivate.mutateAsync({ userId: user.id, revision });
        setRevision(result.revision);
        setActive(false);
        setLink(null);
        const ended = result.sessionsRevoked === 1 ? "1 open session was ended" : `${result.sessionsRevoked} open sessions were ended`;
        setAccessMessage({ ok: true, text: `User deactivated: ${ended}, and they can no longer sign in.` });
      } else {
        const result = await reactivate.mutateAsync({ userId: user.id, revision });
        setRevision(result.revision);
        setActive(true);
        setAccessMessage({ ok: true, text: "User reactivated: they can sign in again." });
      }
      router.refresh();
    } catch (e) {
      setAccessMessage({ ok: false, text: errorMessage(e, "The change failed; try again.") });
    }
  }

  async function issueLink() {
    setAccessMessage(null);
    setLink(null);
    try {
      const result = await sendLink.mutateAsync({ userId: user.id, origin: window.location.origin });
      if (result.link) setLink({ url: result.link, expiresAt: result.expiresAt });
      else setAccessMessage({ ok: true, text: "Set-password link e-mailed to the user. It works once and expires in 24 hours." });
    } catch (e) {
      setAccessMessage({ ok: false, text: errorMessage(e, "The link could not be sent; try again.") });
    }
  }

  const busy = deactivate.isPending || reactivate.isPending || sendLink.isPending;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <section className="card" aria-labelledby="profile-heading">
        <h2 id="profile-heading" className="mb-2 text-base font-semibold">Role and boards</h2>
        <form onSubmit={save} aria-label="Role and boards" className="grid gap-3">
          <UserProfileFields idPrefix="edit-user" value={profile} onChange={setProfile} boards={boards} />
          <StatusLine message={profileMessage} />
          <div>
            <button type="submit" className="btn-primary" disabled={update.isPending}>{update.isPending ? "Saving…" : "Save changes"}</button>
          </div>
        </form>
      </section>
      <section className="card space-y-3" aria-labelledby="access-heading">
        <h2 id="access-heading" className="text-base font-semibold">Access</h2>
        {!emailConfigured && (
          <p className="rounded bg-amber-50 px-2 py-1 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">
            E-mail is not configured (SMTP_URL is not set): a set-password link is shown here for you to hand over.
          </p>
        )}
        <div className="flex flex-wrap gap-2">
          <button type="button" className="btn" onClick={issueLink} disabled={busy || !active}>
            {emailConfigured ? "E-mail a set-password link" : "Create a set-password link"}
          </button>
          {!isSelf && (
            <button type="button" className={active ? "btn-danger" : "btn"} onClick={toggleActive} disabled={busy}>
              {active ? "Deactivate user" : "Reactivate user"}
            </button>
          )}
        </div>
        {link && (
          <div className="space-y-1">
            <label className="label" htmlFor="set-password-link">Set-password link</label>
            <input id="set-password-link" className="field font-mono text-xs" readOnly value={link.url} onFocus={(e) => e.target.select()} />
            <p className="text-xs text-slate-600 dark:text-slate-400">
              Give it to the user only, by a safe way. It works once and expires {link.expiresAt.toLocaleString("en-GB")}; a newer link replaces it.
            </p>
          </div>
        )}
        <StatusLine message={accessMessage} />
      </section>
    </div>
  );
}
