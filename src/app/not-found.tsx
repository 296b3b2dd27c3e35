import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-lg p-10">
      <div className="card">
        <h1 className="text-xl font-semibold">Page not found</h1>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
          There is nothing at this address. The meeting, case or page may have been removed, or the link is mistyped.
        </p>
        <p className="mt-4 text-sm">
          <Link className="link" href="/meetings">
            Back to meetings
          </Link>
        </p>
      </div>
    </main>
  );
}
