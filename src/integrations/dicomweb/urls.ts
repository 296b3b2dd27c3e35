/** The DICOMweb base path of the built-in image store, and the resource URLs under it (only for validated UIDs). */
export const DICOMWEB_BASE = "/api/dicomweb";

export const studyUrl = (study: string) => `${DICOMWEB_BASE}/studies/${study}`;
export const seriesUrl = (study: string, series: string) => `${studyUrl(study)}/series/${series}`;
export const instanceUrl = (study: string, series: string, sop: string) => `${seriesUrl(study, series)}/instances/${sop}`;
/** The BulkDataURI of an instance's pixel data in its WADO-RS metadata. */
export const pixelDataUrl = (study: string, series: string, sop: string) => `${instanceUrl(study, series, sop)}/bulkdata/7FE00010`;
