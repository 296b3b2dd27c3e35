import type { Metadata } from "next";
import { HistoryImportForm } from "@/components/history-import/history-import-form";
import { Refused } from "@/components/refused";
import { can } from "@/domain/permissions";
import { createContext } from "@/server/api/context";
import { maxHistoryImportBytes } from "@/server/services/history-import/upload-limit";
import { getApi, isRefusal, load } from "@/trpc/server";

export const metadata: Metadata = { title: "Import history" };

export default async function ImportHistoryPage() {
  const { user } = await createContext();
  if (!can(user, "importHistory", null)) return <Refused message="Past cases are imported by a board's chairs and coordinators." />;
  const api = await getApi();
  const boards = await load(() => api.board.mine());
  if (isRefusal(boards)) return <Refused message={boards.message} />;
  const mine = boards.filter((b) => can(user, "importHistory", [b.id]));
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Import history</h1>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Bring a registry&apos;s past cases into a board, with the board&apos;s decision and what followed: a CSV with one row per case, or FHIR R4
        mCODE Bundles. Each decision is stored as signed on its discussion day, so the cases join the outcome dataset. Importing the same
        file again updates the cases by their case id and never duplicates them.
      </p>
      {mine.length === 0 ? <Refused message="You are not a chair or coordinator of any board." /> : <HistoryImportForm boards={mine.map((b) => ({ id: b.id, name: b.name }))} maxBytes={maxHistoryImportBytes()} />}
    </div>
  );
}
