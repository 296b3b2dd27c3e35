import { z } from "zod";
import { ROLES } from "@/domain/roles";
import { listBoards } from "@/server/services/boards/list-my-boards";
import { guardedProcedure, router } from "../trpc";
import { specialtySchema } from "./schemas";

export const boardRouter = router({
  mine: guardedProcedure({ roles: ROLES, scope: { via: "none" } })
    .input(z.object({}).optional())
    .output(z.array(z.object({ id: z.string(), slug: z.string(), name: z.string(), tumourSite: z.string(), quorumSpecialties: z.array(specialtySchema) })))
    .query(({ ctx }) => listBoards(ctx.db, ctx.user.boardIds)),
});
