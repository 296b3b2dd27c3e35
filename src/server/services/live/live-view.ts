import { z } from "zod";

const shortId = z.string().min(1).max(64);
const dicomUid = z.string().regex(/^[0-9.]{1,64}$/, "Not a DICOM UID.");

/** What the presenter shows; followers apply it. Validated on every publish. */
export const liveViewSchema = z.object({
  caseId: shortId,
  agendaItemId: shortId,
  viewer: z.enum(["summary", "images", "slides"]),
  studyUid: dicomUid.optional(),
  seriesUid: dicomUid.optional(),
  imageIndex: z.number().int().min(0).max(100_000).optional(),
  voi: z.object({ windowCenter: z.number().finite(), windowWidth: z.number().finite().positive() }).optional(),
  slideId: shortId.optional(),
  slideViewport: z.object({ x: z.number().finite(), y: z.number().finite(), zoom: z.number().finite().positive() }).optional(),
  annotationIds: z.array(shortId).max(50).optional(),
});

export type LiveView = z.infer<typeof liveViewSchema>;

export const liveSnapshotSchema = z.object({
  meetingId: z.string(),
  seq: z.number().int(),
  presenter: z.object({ id: z.string(), name: z.string() }).nullable(),
  view: liveViewSchema.nullable(),
});

export type LiveSnapshotOutput = z.infer<typeof liveSnapshotSchema>;
