/** The largest SR, SEG or findings JSON file one import takes; shared by the import procedure and the import form. */
export const MAX_IMPORT_FILE_BYTES = 20 * 1024 * 1024;

export const MAX_IMPORT_FILE_LABEL = "20 MB";

/** Base64 grows a file by 4/3: the longest payload the import procedure accepts. */
export const MAX_IMPORT_BASE64_LENGTH = Math.ceil(MAX_IMPORT_FILE_BYTES / 3) * 4;
