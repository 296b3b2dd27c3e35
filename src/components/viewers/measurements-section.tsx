"use client";

import type { ReactNode } from "react";
import { KeepMeasurementButton } from "./keep-measurement-button";
import type { Measurement } from "./viewer-types";

/** The measurements drawn in the viewer, each with a label field and, for reviewers, a button to keep it for the board. */
export function MeasurementsSection(props: {
  measurements: (Measurement & { studyInstanceUid: string })[];
  labels: ReadonlyMap<string, string>;
  onLabel: (id: string, label: string) => void;
  keepFor?: { patientId: string };
  /** Another way to keep a measurement (an outside expert's own layer), rendered beside it. */
  action?: (measurement: Measurement & { studyInstanceUid: string }) => ReactNode;
}) {
  if (props.measurements.length === 0) return null;
  return (
    <section aria-label="Measurements" className="card">
      <h2 className="mb-1 text-sm font-semibold">Measurements</h2>
      <ul className="space-y-1 text-sm">
        {props.measurements.map((m) => {
          const label = props.labels.get(m.id) ?? m.label;
          return (
            <li key={m.id} className="flex flex-wrap items-center gap-2">
              <span>{m.text}</span>
              <input
                className="field w-64 py-0.5 text-xs"
                aria-label={`Label for ${m.text}`}
                placeholder="Label, e.g. right hilar node, short axis"
                value={label}
                maxLength={200}
                onChange={(e) => props.onLabel(m.id, e.target.value)}
              />
              {props.keepFor && <KeepMeasurementButton patientId={props.keepFor.patientId} studyInstanceUid={m.studyInstanceUid} measurement={{ ...m, label }} />}
              {props.action?.({ ...m, label })}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
