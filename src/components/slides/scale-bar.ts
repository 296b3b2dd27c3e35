/**
 * The viewer's scale bar: the longest 1-2-5 length (in µm or mm) that fits the space, for the current zoom.
 * `micronsPerScreenPixel` = the slide's pixel spacing / the screen pixels one image pixel covers.
 */
export interface ScaleBar {
  lengthUm: number;
  widthPx: number;
  label: string;
}

const STEPS = [5, 2, 1] as const;

export function chooseScaleBar(micronsPerScreenPixel: number, maxWidthPx = 120): ScaleBar | null {
  if (!Number.isFinite(micronsPerScreenPixel) || micronsPerScreenPixel <= 0 || maxWidthPx <= 0) return null;
  const maxUm = micronsPerScreenPixel * maxWidthPx;
  const decade = 10 ** Math.floor(Math.log10(maxUm));
  const step = STEPS.find((s) => s * decade <= maxUm * (1 + 1e-9)) ?? 1;
  // toPrecision(1) drops float noise such as 0.30000000000000004.
  const lengthUm = Number((step * decade).toPrecision(1));
  const label = lengthUm >= 1000 ? `${lengthUm / 1000} mm` : `${lengthUm} µm`;
  return { lengthUm, widthPx: lengthUm / micronsPerScreenPixel, label };
}

/** The objective a microscope would need for this view: 40x shows about 0.25 µm per screen pixel. */
export function equivalentMagnification(micronsPerScreenPixel: number): number | null {
  if (!Number.isFinite(micronsPerScreenPixel) || micronsPerScreenPixel <= 0) return null;
  return 10 / micronsPerScreenPixel;
}

export function formatMagnification(magnification: number): string {
  return magnification >= 10 ? `${Math.round(magnification)}×` : `${magnification.toFixed(1)}×`;
}

/** OpenSeadragon's maxZoomPixelRatio for a 40x-equivalent limit (0.25 µm per screen pixel). */
export function maxZoomPixelRatioFor(micronsPerPixel: number | null): number {
  return micronsPerPixel && micronsPerPixel > 0 ? Math.max(1, micronsPerPixel / 0.25) : 2;
}
