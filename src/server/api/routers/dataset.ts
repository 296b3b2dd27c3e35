import { z } from "zod";
import { DATASET_COLUMNS } from "@/domain/outcomes/dataset";
import { canAll, PERMISSIONS } from "@/domain/permissions";
import { datasetDictionary, previewDataset } from "@/server/services/dataset/preview-dataset";
import { guardedProcedure, router } from "../trpc";
import { id } from "./schemas";

const readers = guardedProcedure({ roles: PERMISSIONS.seeDataset, scope: { via: "none" } });

/** The dataset's filters; the route's query string uses the same names. */
export const datasetFiltersSchema = z.object({
  boardId: id.nullish(),
  site: z.string().trim().regex(/^[A-Z]\d\d$/, "A site is an ICD-O-3 topography site such as C34.").nullish(),
  stageGroup: z.string().trim().max(12, "A stage group is at most 12 characters.").nullish(),
  year: z.number().int().min(1900).max(2200).nullish(),
});

const cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const columnType = z.enum(["string", "integer", "number", "boolean"]);

const suppressionReport = z.object({
  k: z.number().int(),
  quasiIdentifiers: z.array(z.string()),
  totalRows: z.number().int(),
  keptRows: z.number().int(),
  suppressedRows: z.number().int(),
  suppressedClasses: z.array(z.object({ values: z.record(z.string(), z.string().nullable()), count: z.number().int() })),
});

export const datasetRouter = router({
  /** The pseudonymised rows (first `limit`), the k-anonymity report and the filters' choices; audited "dataset.read". */
  preview: readers
    .input(datasetFiltersSchema.extend({ limit: z.number().int().min(1).max(500).default(50) }).optional())
    .output(
      z.object({
        k: z.number().int(),
        columns: z.array(z.string()),
        rows: z.array(z.record(z.string(), cell)),
        report: suppressionReport,
        facets: z.object({
          boards: z.array(z.object({ id: z.string(), name: z.string(), slug: z.string() })),
          sites: z.array(z.string()),
          stageGroups: z.array(z.string()),
          years: z.array(z.number().int()),
        }),
        can: z.object({ exportIdentifiable: z.boolean() }),
      }),
    )
    .query(async ({ ctx, input }) => {
      const { limit = 50, ...filters } = input ?? {};
      const preview = await previewDataset(ctx.db, ctx.user, filters, limit);
      return { ...preview, rows: preview.rows as Record<string, z.infer<typeof cell>>[], can: canAll(ctx.user, ["exportIdentifiable"], null) };
    }),

  /** The data dictionary: every column of DATASET_COLUMNS, and whether a pseudonymised export keeps it. */
  dictionary: readers
    .input(z.object({}).optional())
    .output(
      z.array(
        z.object({ name: z.enum(DATASET_COLUMNS.map((c) => c.name) as [string, ...string[]]), type: columnType, unit: z.string(), meaning: z.string(), pseudonymised: z.boolean(), quasiIdentifier: z.boolean() }),
      ),
    )
    .query(() => datasetDictionary()),
});
