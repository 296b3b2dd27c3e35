"use client";

import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";
import { keptDescription, keptKind } from "./measurement-service";
import type { Measurement } from "./viewer-types";

/** Keeps a viewer measurement as a finding of the patient, so that the board's decision summary shows it without typing. */
export function KeepMeasurementButton(props: { patientId: string; studyInstanceUid: string; measurement: Measurement }) {
  const trpc = useTRPC();
  const keep = useMutation(trpc.finding.recordMeasurement.mutationOptions());
  const { measurement } = props;
  if (keep.isSuccess) {
    return (
      <span role="status" className="text-xs text-emerald-700 dark:text-emerald-400">
        Kept for the board
      </span>
    );
  }
  return (
    <>
      <button
        type="button"
        className="btn px-2 py-0.5 text-xs"
        aria-label={`Keep ${measurement.text} for the board`}
        disabled={keep.isPending || measurement.values.length === 0}
        onClick={() =>
          keep.mutate({
            patientId: props.patientId,
            studyInstanceUid: props.studyInstanceUid,
            seriesInstanceUid: measurement.seriesInstanceUid,
            sopInstanceUid: measurement.sopInstanceUid,
            frameNumber: null,
            kind: keptKind(measurement),
            description: keptDescription(measurement),
            measurements: measurement.values,
          })
        }
      >
        {keep.isPending ? "Keeping…" : "Keep for the board"}
      </button>
      {keep.error && (
        <span role="alert" className="text-xs text-red-700 dark:text-red-400">
          {keep.error.message}
        </span>
      )}
    </>
  );
}
