"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";

/** A thumbnail of the quarantined images: what they show is one more check that they belong to the chosen patient. */
export function QuarantinePreview({ quarantineId, label }: { quarantineId: string; label: string }) {
  const trpc = useTRPC();
  // Rendered once; the entry's files do not change while it waits.
  const preview = useQuery({ ...trpc.imaging.quarantine.preview.queryOptions({ quarantineId }), staleTime: Infinity, refetchOnWindowFocus: false, retry: false });
  if (preview.isPending) return <p className="grid h-48 w-48 place-items-center rounded bg-slate-100 text-xs text-slate-500 dark:bg-slate-800">Loading preview…</p>;
  if (preview.isError) return <p className="text-xs text-slate-500">No preview: {preview.error.message}</p>;
  if (!preview.data.image) return <p className="text-xs text-slate-500">No preview: {preview.data.note}</p>;
  // A data URL from our own API: a plain img, nothing for an image optimiser to do.
  return <img src={preview.data.image} alt={`Preview of ${label}`} className="h-48 w-48 rounded bg-black object-contain [image-rendering:pixelated]" />;
}
