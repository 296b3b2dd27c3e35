import type { Metadata } from "next";
import Link from "next/link";
import { IndicatorPanels } from "@/components/indicators/indicator-panels";
import { Refused } from "@/components/refused";
import { getApi, isRefusal, load } from "@/trpc/server";

export const metadata: Metadata = { title: "Quality indicators" };

export default async function IndicatorsPage({ searchParams }: { searchParams: Promise<{ board?: string }> }) {
  const { board: requested } = await searchParams;
  const api = await getApi();
  const boards = await load(() => api.board.mine());
  if (isRefusal(boards)) return <Refused message={boards.message} />;
  const boardId = boards.find((b) => b.id === requested)?.id ?? boards[0]?.id;
  if (!boardId) return <p className="text-sm">You are not a member of any board.</p>;
  const data = await load(() => api.indicators.board({ boardId }));
  if (isRefusal(data)) return <Refused message={data.message} />;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-xl font-semibold">Quality indicators</h1>
        <nav aria-label="Board" className="flex flex-wrap gap-2 text-sm">
          {boards.map((b) => (
            <Link key={b.id} href={`/indicators?board=${b.id}`} className={b.id === boardId ? "font-semibold underline" : "link"} aria-current={b.id === boardId ? "page" : undefined}>
              {b.name}
            </Link>
          ))}
        </nav>
      </div>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {data.board.name}, per quarter of the first discussion, as national cancer audits measure a tumour board. Each chart has its table one click away.
      </p>
      <IndicatorPanels data={data} />
    </div>
  );
}
