// Series of these modalities hold no pixels to scroll through: reports, segmentations, presentation states.
// Kept apart from the Cornerstone modules so that pages can use it without loading the viewer.
const NON_IMAGE_MODALITIES = new Set(["SR", "SEG", "PR", "KO", "RTSTRUCT", "DOC"]);

export const isImageSeries = (s: { modality: string }) => !NON_IMAGE_MODALITIES.has(s.modality);

/** The series a viewer opens first: the first with pixels, else the first. */
export const firstImageSeries = <T extends { modality: string }>(series: T[]): T | undefined => series.find(isImageSeries) ?? series[0];
