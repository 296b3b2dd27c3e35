import Link from "next/link";

/**
 * The 404 answer of every page: for an address that leads nowhere, a case that does not exist, and one on a board
 * the user is not a member of alike (an outsider cannot tell them apart).
 */
export function NotFoundCard() {
  return (
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
  );
}
