/** DICOM UIDs (PS3.5 9.1): digits separated by single dots, at most 64 characters. */
const UID_PATTERN = /^[0-9]+(\.[0-9]+)*$/;
export const MAX_UID_LENGTH = 64;

/**
 * True for a well-formed UID. Only such values are ever used in file paths or URLs: digits and single dots cannot
 * name a parent folder, so a path built from them stays inside the image store.
 */
export function isValidUid(value: unknown): value is string {
  return typeof value === "string" && value.length > 0 && value.length <= MAX_UID_LENGTH && UID_PATTERN.test(value);
}
