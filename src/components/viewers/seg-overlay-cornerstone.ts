"use client";

/**
 * Draws a planned SEG (see seg-overlay-model) over a Cornerstone3D stack viewport as a labelmap segmentation: one
 * derived labelmap image per stack image and layer, so the overlay follows scrolling, zoom and pan like the image.
 * Nothing here needs Cornerstone's compute worker (disabled in the Turbopack build): no statistics, no contours.
 */
import { cache, imageLoader, metaData, type Types } from "@cornerstonejs/core";
import { cornerstoneToolsIfLoaded, type CornerstoneTools } from "./cornerstone-tools";
import type { LayerPlan, SegSegment, StackImage } from "./seg-overlay-model";

// Cornerstone's tools arrive after the first image (cornerstone-tools.ts): an overlay is shown only once they are here
// (its caller waits for them), so everything that acts on a shown overlay finds them loaded.

/** The tools, known to be loaded (see above). */
function loadedTools(): CornerstoneTools {
  const tools = cornerstoneToolsIfLoaded();
  if (!tools) throw new Error("Cornerstone's tools are not loaded yet.");
  return tools;
}

interface Shown {
  segmentationId: string;
  colorLUTIndex: number;
  derivedImageIds: string[];
}

/** What each viewport shows, so that a viewport's overlays can all be removed before it is destroyed. */
const shownByViewport = new Map<string, Map<string, Shown>>();

/** The stack's images as the SEG mapping needs them, from the metadata Cornerstone already holds. */
export function describeStack(imageIds: string[], sopInstanceUids: string[]): StackImage[] {
  return imageIds.map((imageId, index) => {
    const plane = (metaData.get("imagePlaneModule", imageId) ?? {}) as {
      imagePositionPatient?: number[];
      rows?: number;
      columns?: number;
      frameOfReferenceUID?: string;
    };
    return {
      sopInstanceUid: sopInstanceUids[index] ?? "",
      frameNumber: Number(/\/frames\/(\d+)$/.exec(imageId)?.[1] ?? 1),
      position: plane.imagePositionPatient?.length === 3 ? plane.imagePositionPatient.map(Number) : null,
      rows: Number(plane.rows ?? 0),
      columns: Number(plane.columns ?? 0),
      frameOfReferenceUid: plane.frameOfReferenceUID ?? null,
    };
  });
}

/**
 * Adds the SEG to the viewport, its segments coloured as the SEG recommends and shown or hidden as `visible` says.
 * `overlayId` must be unique per viewport and SEG. The caller has awaited loadCornerstoneTools().
 */
export function showSegOverlay(args: {
  viewportId: string;
  overlayId: string;
  label: string;
  imageIds: string[];
  plan: LayerPlan;
  segments: SegSegment[];
  visible: Set<number>;
  opacity: number;
}): void {
  const tools = loadedTools();
  const { segmentation } = tools;
  const LABELMAP = tools.Enums.SegmentationRepresentations.Labelmap;
  const { viewportId, overlayId, imageIds, plan } = args;
  const segmentationId = `${viewportId}:${overlayId}`;
  removeSegOverlay(viewportId, overlayId);

  const derivedImageIds: string[] = [];
  const layers = plan.layers.map((layer, layerIndex) => {
    const images = imageLoader.createAndCacheDerivedLabelmapImages(imageIds);
    for (const [stackIndex, labels] of layer.slices) {
      const image = images[stackIndex];
      (image?.voxelManager?.getScalarData() as Uint8Array | undefined)?.set(labels);
    }
    const ids = images.map((i) => i.imageId);
    derivedImageIds.push(...ids);
    return { labelmapId: `${segmentationId}:layer-${layerIndex}`, imageIds: ids, labels: layer.labels };
  });
  if (layers.length === 0) return;

  const drawn = args.segments.filter((s) => plan.drawn.has(s.number));
  const segmentBindings: Record<number, { labelmapId: string; labelValue: number }> = {};
  for (const layer of layers) for (const [segment, labelValue] of layer.labels) segmentBindings[segment] = { labelmapId: layer.labelmapId, labelValue };
  segmentation.addSegmentations([
    {
      segmentationId,
      representation: {
        type: LABELMAP,
        data: {
          imageIds: layers[0]!.imageIds,
          referencedImageIds: imageIds,
          primaryLabelmapId: layers[0]!.labelmapId,
          labelmaps: Object.fromEntries(
            layers.map((l) => [l.labelmapId, { labelmapId: l.labelmapId, storageKind: "stack" as const, imageIds: l.imageIds, referencedImageIds: imageIds }]),
          ),
          segmentBindings,
        },
      },
      // Only segments drawn on this stack: a segment without a binding would be given a default one in layer 0.
      config: { label: args.label, segments: Object.fromEntries(drawn.map((s) => [s.number, { label: s.label, active: false }])) },
    },
  ]);

  // Colour table indexed by segment number; the fill's transparency comes from the style's fillAlpha.
  const lut: Types.ColorLUT = Array.from({ length: Math.max(0, ...drawn.map((s) => s.number)) + 1 }, () => [0, 0, 0, 0] as Types.Color);
  for (const s of drawn) lut[s.number] = [...s.color, 255];
  const colorLUTIndex = segmentation.state.addColorLUT(lut);
  segmentation.addLabelmapRepresentationToViewport(viewportId, [{ segmentationId, config: { colorLUTOrIndex: colorLUTIndex } }]);

  const shown = shownByViewport.get(viewportId) ?? new Map<string, Shown>();
  shown.set(overlayId, { segmentationId, colorLUTIndex, derivedImageIds });
  shownByViewport.set(viewportId, shown);
  setSegOverlayOpacity(viewportId, overlayId, args.opacity);
  for (const s of drawn) if (!args.visible.has(s.number)) setSegmentVisible(viewportId, overlayId, s.number, false);
}

export function setSegmentVisible(viewportId: string, overlayId: string, segmentNumber: number, visible: boolean): void {
  const shown = shownByViewport.get(viewportId)?.get(overlayId);
  if (!shown) return;
  const tools = loadedTools();
  tools.segmentation.config.visibility.setSegmentIndexVisibility(viewportId, { segmentationId: shown.segmentationId, type: tools.Enums.SegmentationRepresentations.Labelmap }, segmentNumber, visible);
}

/** Opacity 0-1 of the fill; the outline stays a little stronger so that the edge reads over bright tissue. */
export function setSegOverlayOpacity(viewportId: string, overlayId: string, opacity: number): void {
  const shown = shownByViewport.get(viewportId)?.get(overlayId);
  if (!shown) return;
  const { segmentation, utilities: toolUtilities, Enums } = loadedTools();
  const outline = Math.min(1, opacity * 1.5);
  // Active and inactive alike: which segmentation Cornerstone deems active means nothing to the reader.
  segmentation.segmentationStyle.setStyle(
    { type: Enums.SegmentationRepresentations.Labelmap, segmentationId: shown.segmentationId },
    { fillAlpha: opacity, fillAlphaInactive: opacity, outlineOpacity: outline, outlineOpacityInactive: outline },
  );
  toolUtilities.segmentation.triggerSegmentationRender(viewportId);
}

export function removeSegOverlay(viewportId: string, overlayId: string): void {
  const viewportShown = shownByViewport.get(viewportId);
  const shown = viewportShown?.get(overlayId);
  if (!shown) return;
  viewportShown!.delete(overlayId);
  const { segmentation } = loadedTools();
  try {
    segmentation.removeSegmentationRepresentations(viewportId, { segmentationId: shown.segmentationId });
  } catch {
    // The viewport is already gone: nothing is drawn any more.
  }
  try {
    segmentation.removeSegmentation(shown.segmentationId);
    segmentation.state.removeColorLUT(shown.colorLUTIndex);
    segmentation.segmentationStyle.clearSegmentationStyle(shown.segmentationId);
  } catch {
    // Already removed with its viewport.
  }
  for (const imageId of shown.derivedImageIds) {
    try {
      cache.removeImageLoadObject(imageId, { force: true });
    } catch {
      // Already evicted from the cache.
    }
  }
}

/** Removes every SEG overlay of a viewport (before its rendering engine is destroyed). */
export function removeSegOverlays(viewportId: string): void {
  for (const overlayId of [...(shownByViewport.get(viewportId)?.keys() ?? [])]) removeSegOverlay(viewportId, overlayId);
  shownByViewport.delete(viewportId);
}
