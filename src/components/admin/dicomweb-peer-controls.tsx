"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { errorText } from "@/components/meetings/error-text";
import { useTRPC } from "@/trpc/react";

/** Adds a peer for the chosen boards and shows its token once: it is not stored, only its SHA-256. */
export function AddPeerForm({ boards }: { boards: { slug: string; name: string }[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const add = useMutation(trpc.admin.addDicomwebPeer.mutationOptions());
  const [issued, setIssued] = useState<{ name: string; token: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setProblem(null);
    setIssued(null);
    try {
      const result = await add.mutateAsync({ name: String(form.get("name") ?? ""), boardSlugs: form.getAll("board").map(String) });
      setIssued(result);
      (event.target as HTMLFormElement).reset();
      router.refresh();
    } catch (error) {
      setProblem(errorText(error));
    }
  };
  return (
    <section className="card space-y-3" aria-labelledby="add-peer-heading">
      <h2 id="add-peer-heading" className="text-base font-semibold">Add a peer</h2>
      <form onSubmit={(e) => void submit(e)} className="space-y-3" aria-label="Add a peer">
        <div>
          <label className="label" htmlFor="peer-name">Peer's name</label>
          <input id="peer-name" name="name" required maxLength={80} className="field max-w-sm" placeholder="e.g. Regional PACS" />
        </div>
        <fieldset>
          <legend className="label">Boards whose studies it may read</legend>
          <div className="flex flex-wrap gap-3 text-sm">
            {boards.map((b) => (
              <label key={b.slug} className="flex items-center gap-1">
                <input type="checkbox" name="board" value={b.slug} /> {b.name}
              </label>
            ))}
          </div>
        </fieldset>
        <button type="submit" className="btn-primary" disabled={add.isPending}>{add.isPending ? "Adding…" : "Add peer"}</button>
        {problem && <p role="alert" className="text-sm text-red-700 dark:text-red-400">{problem}</p>}
      </form>
      {issued && (
        <div role="status" className="space-y-1 rounded bg-amber-50 p-2 text-sm dark:bg-amber-950">
          <p>Peer {issued.name} added. Copy its token now: it is not shown again.</p>
          <label className="label" htmlFor="peer-token">Token for {issued.name}</label>
          <input id="peer-token" readOnly value={issued.token} className="field font-mono" onFocus={(e) => e.currentTarget.select()} />
        </div>
      )}
    </section>
  );
}

/** Revokes a peer's credential: its next request is refused. */
export function RevokePeerButton({ name }: { name: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const revoke = useMutation(trpc.admin.revokeDicomwebPeer.mutationOptions());
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="btn"
        aria-label={`Revoke ${name}`}
        disabled={revoke.isPending}
        onClick={async () => {
          setProblem(null);
          try {
            await revoke.mutateAsync({ name });
            router.refresh();
          } catch (error) {
            setProblem(errorText(error));
          }
        }}
      >
        {revoke.isPending ? "Revoking…" : "Revoke"}
      </button>
      {problem && <p role="alert" className="text-xs">{problem}</p>}
    </>
  );
}
