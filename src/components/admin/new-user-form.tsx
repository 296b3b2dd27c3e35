"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { errorMessage } from "@/components/error-message";
import { useTRPC } from "@/trpc/react";
import { UserProfileFields, type UserProfile } from "./user-profile-fields";

const EMPTY: UserProfile = { name: "", role: "SPECIALIST", specialty: null, boardIds: [] };

/** Creates a user without a password, then opens their page, where the set-password link is sent. */
export function NewUserForm({ boards }: { boards: { id: string; name: string }[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.userAdmin.create.mutationOptions());
  const [profile, setProfile] = useState(EMPTY);
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const created = await create.mutateAsync({ ...profile, email });
      router.push(`/admin/users/${created.id}?created=1`);
    } catch (e) {
      setError(errorMessage(e, "The user could not be created; try again."));
    }
  }

  return (
    <form onSubmit={submit} aria-label="New user" className="grid max-w-2xl gap-3">
      <UserProfileFields idPrefix="new-user" value={profile} onChange={setProfile} boards={boards} />
      <div>
        <label className="label" htmlFor="new-user-email">E-mail</label>
        <input id="new-user-email" className="field" type="email" required maxLength={320} value={email} onChange={(e) => setEmail(e.target.value)} />
      </div>
      {error && <p role="alert" className="rounded bg-rose-50 px-2 py-1 text-sm text-rose-800 dark:bg-rose-950 dark:text-rose-200">{error}</p>}
      <div>
        <button type="submit" className="btn-primary" disabled={create.isPending}>{create.isPending ? "Creating…" : "Create user"}</button>
      </div>
    </form>
  );
}
