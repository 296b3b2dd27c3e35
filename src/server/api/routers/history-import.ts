import { z } from "zod";
import { HISTORY_COLUMNS } from "@/domain/history-import/history-record";
import { PERMISSIONS, canAll } from "@/domain/permissions";
import { HISTORY_FORMATS, importHistory } from "@/server/services/history-import/import-history";
import { guardedProcedure, router } from "../trpc";
import { id } from "./schemas";

/** A file sent through tRPC (tests, small files); the upload route takes large ones as a stream. */
export const HISTORY_TEXT_MAX_CHARS = 5_000_000;

const importInput = z.object({
  boardId: id,
  format: z.enum(HISTORY_FORMATS),
  content: z.string().min(1, "Choose a file.").max(HISTORY_TEXT_MAX_CHARS, "The file is too large to send this way: upload it on the Import history page."),
});

const counts = z.object({ rows: z.number().int(), valid: z.number().int(), refused: z.number().int(), casesToCreate: z.number().int(), casesToUpdate: z.number().int(), patientsToCreate: z.number().int(), outcomes: z.number().int() });
const applied = z.object({
  patientsCreated: z.number().int(),
  casesCreated: z.number().int(),
  casesUpdated: z.number().int(),
  decisionVersionsCreated: z.number().int(),
  outcomesCreated: z.number().int(),
  outcomeVersionsCreated: z.number().int(),
  unchanged: z.number().int(),
});
export const historyImportResult = z.object({
  dryRun: z.boolean(),
  imported: z.boolean(),
  refusal: z.string().nullable(),
  fileErrors: z.array(z.string()),
  counts,
  rows: z.array(
    z.object({
      line: z.number().int(),
      caseExternalId: z.string().nullable(),
      action: z.enum(["create", "update"]).nullable(),
      patient: z.enum(["new", "existing"]).nullable(),
      outcomes: z.number().int(),
      errors: z.array(z.string()),
    }),
  ),
  applied: applied.nullable(),
});

const onBoard = { roles: PERMISSIONS.importHistory, scope: { via: "board" as const, field: "boardId" } };

export const historyImportRouter = router({
  /** The documented CSV columns, and whether this user may import into the board. */
  columns: guardedProcedure(onBoard)
    .input(z.object({ boardId: id }))
    .output(z.object({ columns: z.array(z.object({ name: z.string(), required: z.boolean(), meaning: z.string() })), can: z.object({ importHistory: z.boolean() }) }))
    .query(({ ctx, input }) => ({ columns: HISTORY_COLUMNS.map((c) => ({ ...c })), can: canAll(ctx.user, ["importHistory"], [input.boardId]) })),

  /** A dry run: what would be created or updated, and every row's errors with its line. Writes nothing but the audit. */
  preview: guardedProcedure(onBoard)
    .input(importInput)
    .output(historyImportResult)
    .mutation(({ ctx, input }) => importHistory(ctx.db, ctx.user, { boardId: input.boardId, format: input.format, source: input.content, dryRun: true, validRowsOnly: false })),

  /** The import: all rows or none, unless `validRowsOnly` asks to import the rows without errors. */
  run: guardedProcedure(onBoard)
    .input(importInput.extend({ validRowsOnly: z.boolean().default(false) }))
    .output(historyImportResult)
    .mutation(({ ctx, input }) => importHistory(ctx.db, ctx.user, { boardId: input.boardId, format: input.format, source: input.content, dryRun: false, validRowsOnly: input.validRowsOnly })),
});
