import type { Metadata } from "next";
import Link from "next/link";
import { Refused } from "@/components/refused";
import { SPECIALTY_LABELS } from "@/domain/roles";
import { getApi, isRefusal, load } from "@/trpc/server";

export const metadata: Metadata = { title: "Boards" };

export default async function BoardsPage() {
  const api = await getApi();
  const boards = await load(() => api.board.mine());
  if (isRefusal(boards)) return <Refused message={boards.message} />;
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Boards</h1>
      <section className="card">
        <table className="data-table" aria-label="My boards">
          <thead>
            <tr>
              <th scope="col">Board</th>
              <th scope="col">Tumour site</th>
              <th scope="col">Quorum</th>
            </tr>
          </thead>
          <tbody>
            {boards.map((b) => (
              <tr key={b.id}>
                <td><Link className="link" href={`/boards/${b.id}`}>{b.name}</Link></td>
                <td>{b.tumourSite}</td>
                <td>{b.quorumSpecialties.map((s) => SPECIALTY_LABELS[s]).join(", ") || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
