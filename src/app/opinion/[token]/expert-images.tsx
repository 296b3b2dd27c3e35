"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { DicomViewerLoader } from "@/components/viewers/dicom-viewer-loader";
import { MEASURING_TOOLS } from "@/components/viewers/measurement-service";
import type { Measurement, StudyChoice } from "@/components/viewers/viewer-types";
import { keepAnnotation } from "./actions";

/**
 * The radiology viewer on the shared studies only. With the expert's link token, a measurement the expert keeps goes to
 * their own layer for the board; without it (a meeting guest) measurements stay in the browser.
 */
export function ExpertImages({ studies, token }: { studies: StudyChoice[]; token?: string }) {
  if (studies.length === 0) return <p className="text-sm text-slate-500">No images were shared.</p>;
  return (
    <DicomViewerLoader
      studies={studies}
      initialStudyUid={studies[0]!.studyInstanceUid}
      measurementAction={token ? (m) => <KeepInMyLayer key={m.id} token={token} measurement={m} /> : undefined}
    />
  );
}

function KeepInMyLayer({ token, measurement }: { token: string; measurement: Measurement & { studyInstanceUid: string } }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [state, setState] = useState<{ ok: boolean; error: string | null } | null>(null);
  if (state?.ok) return <span role="status" className="text-xs text-emerald-700 dark:text-emerald-400">Kept for the board</span>;
  const keep = () =>
    start(async () => {
      const result = await keepAnnotation({
        token,
        kind: MEASURING_TOOLS[measurement.tool]?.kind ?? measurement.tool,
        studyInstanceUid: measurement.studyInstanceUid,
        seriesInstanceUid: measurement.seriesInstanceUid,
        sopInstanceUid: measurement.sopInstanceUid,
        values: measurement.values,
        text: measurement.text,
        label: measurement.label,
        points: measurement.points,
      });
      setState(result);
      if (result.ok) router.refresh();
    });
  return (
    <>
      <button type="button" className="btn px-2 py-0.5 text-xs" aria-label={`Keep ${measurement.text} in my annotations`} disabled={pending} onClick={keep}>
        {pending ? "Keeping…" : "Keep in my annotations"}
      </button>
      {state?.error && <span role="alert" className="text-xs text-red-700 dark:text-red-400">{state.error}</span>}
    </>
  );
}
