import { z } from "zod";

/** The longest id Concilium hands out or accepts: database ids (cuid) and DICOM UIDs (64 characters) both fit. */
export const ID_MAX_LENGTH = 64;

// Control characters (NUL above all) are refused here: PostgreSQL rejects a NUL in text with an error (22021) that
// would otherwise surface as a 500, and no id Concilium issues ever contains one.
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * The one shape of an id, for tRPC inputs (`id` in routers/schemas.ts), for the guard's scope lookups and for the
 * identifiers in HTTP route paths: 1 to 64 characters, no control characters.
 */
export const idSchema = z
  .string({ error: "An id must be given." })
  .min(1, "An id must be given.")
  .max(ID_MAX_LENGTH, `An id has at most ${ID_MAX_LENGTH} characters.`)
  .refine((value) => !CONTROL.test(value), "An id may not contain control characters.");

/** Whether a path segment or query value carries a control character (any route parameter, id or not). */
export const hasControlCharacter = (value: string) => CONTROL.test(value);
