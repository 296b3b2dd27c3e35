import type { Db } from "../db-types";

export async function listBoards(db: Db, boardIds: string[]) {
  return db.board.findMany({
    where: { id: { in: boardIds } },
    orderBy: { name: "asc" },
    select: { id: true, slug: true, name: true, tumourSite: true, quorumSpecialties: true },
  });
}
