import type { ReactNode } from "react";

const alertClass = "rounded bg-rose-50 px-2 py-1 text-sm text-rose-800 dark:bg-rose-950 dark:text-rose-200";

/** The guest pages' frame when there is nothing to show but a message or the code step. */
export function GuestCard({ children }: { children: ReactNode }) {
  return (
    <main className="mx-auto mt-24 max-w-md px-4">
      <div className="card space-y-4">
        <h1 className="text-xl font-semibold">Meeting guest</h1>
        {children}
      </div>
    </main>
  );
}

/** A plain refusal: ended, revoked, expired, unknown. */
export function GuestRefusal({ message }: { message: string }) {
  return (
    <GuestCard>
      <p role="alert" className={alertClass}>{message}</p>
    </GuestCard>
  );
}
