"use client";

import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTRPC } from "@/trpc/react";

const pct = (v: number | null) => (v === null ? "—" : `${Math.round(v * 100)}%`);

/**
 * Beside the decision form: the estimated survival of this patient under each treatment option the board has used,
 * from the board's own past patients. An observational estimate, labelled as one, never a recommendation.
 */
export function OptionEstimates({ caseId, stageGroup, ecog }: { caseId: string; stageGroup: string | null; ecog: number | null }) {
  const trpc = useTRPC();
  const ids = useId();
  const [open, setOpen] = useState(true);
  const estimate = useQuery(trpc.estimate.forCase.queryOptions({ caseId, stageGroup, ecog }, { staleTime: 60_000, refetchOnWindowFocus: false }));
  const data = estimate.data;
  return (
    <section aria-labelledby={`${ids}-h`} className="rounded border border-slate-300 p-3 text-sm dark:border-slate-700">
      <div className="flex items-baseline gap-2">
        <h3 id={`${ids}-h`} className="font-semibold">Outcome estimate per option</h3>
        <span className="rounded bg-slate-200 px-1.5 text-xs dark:bg-slate-700">observational, not a recommendation</span>
        <button type="button" className="btn ml-auto" aria-expanded={open} aria-controls={`${ids}-body`} onClick={() => setOpen(!open)}>
          {open ? "Hide" : "Show"}
        </button>
      </div>
      {open && (
        <div id={`${ids}-body`} className="mt-2 space-y-2">
          {estimate.error && <p role="alert" className="text-rose-700 dark:text-rose-400">{estimate.error.message}</p>}
          {!data && !estimate.error && <p role="status" className="text-slate-500">Estimating from the board&apos;s past patients…</p>}
          {data && (
            <>
              <p className="text-xs text-slate-600 dark:text-slate-400">{data.caveat}</p>
              {data.status === "unavailable" ? (
                <p role="status" className="rounded border border-amber-300 bg-amber-50 p-2 dark:border-amber-800 dark:bg-amber-950">{data.reason}</p>
              ) : (
                <>
                  <table className="data-table text-xs" aria-label="Estimated overall survival per option">
                    <thead>
                      <tr>
                        <th scope="col">Option</th>
                        <th scope="col" className="text-right">Patients (deaths)</th>
                        {data.options[0]?.estimates.map((e) => (
                          <th key={e.years} scope="col" className="text-right">{`${e.years} year${e.years === 1 ? "" : "s"} (95% CI)`}</th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {data.options.map((o) => (
                        <tr key={o.key}>
                          <th scope="row" className="font-normal">{o.label}</th>
                          <td className="text-right tabular-nums">{`${o.patients} (${o.events})`}</td>
                          {o.estimates.map((e) => (
                            <td key={e.years} className="text-right tabular-nums">
                              {e.survival === null ? <span className="text-slate-500">{e.note}</span> : `${pct(e.survival)} (${pct(e.lower)}–${pct(e.upper)})`}
                            </td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  <ul className="list-disc space-y-0.5 pl-5">
                    {data.options.map((o) => (
                      <li key={o.key}>{o.sentence ?? withoutFigure(o)}</li>
                    ))}
                  </ul>
                </>
              )}
              <p className="text-xs text-slate-600 dark:text-slate-400">
                Model: Cox, overall survival, {data.patients} patients and {data.events} deaths of this board
                {data.inputs.site ? ` (site ${data.inputs.site})` : ""}; this patient as {data.inputs.stageGroup ?? "stage unknown"}, ECOG{" "}
                {data.inputs.ecog ?? "unknown"}, age {data.inputs.ageBand}.
                {data.validation && (
                  <>
                    {" "}On held-out data ({data.validation.folds}-fold): concordance {data.validation.concordance?.toFixed(2) ?? "—"}
                    {data.validation.calibration &&
                      `; at 2 years predicted ${pct(data.validation.calibration.predicted)}, observed ${pct(data.validation.calibration.observed)} (${pct(data.validation.calibration.lower)}–${pct(data.validation.calibration.upper)})`}
                    .
                  </>
                )}
                {data.notEstimated.length > 0 && ` Not estimated (fewer than 10 patients): ${data.notEstimated.map((o) => o.label).join(", ")}.`}
              </p>
            </>
          )}
        </div>
      )}
    </section>
  );
}

/** Why an option has no figure at any horizon: its interval is too wide, or its patients were not followed that long. */
function withoutFigure(option: { label: string; patients: number; estimates: { note: string | null }[] }): string {
  if (option.estimates.some((e) => e.note === "too uncertain")) {
    return `${option.label}: no figure, because among its ${option.patients} patients the 95% interval is too wide to be of use.`;
  }
  return `${option.label}: too few of its ${option.patients} patients were followed long enough for an estimate.`;
}
