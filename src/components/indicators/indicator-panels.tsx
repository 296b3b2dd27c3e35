"use client";

import { useState } from "react";
import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { INDICATORS, indicatorsCsv, type IndicatorDefinition, type QuarterTotals } from "@/domain/indicators/indicators";

interface Reason {
  quarter: string;
  reason: string;
  count: number;
}

export interface IndicatorData {
  board: { id: string; slug: string; name: string };
  quarters: QuarterTotals[];
  guidelineDeviations: Reason[];
  treatmentDeviations: Reason[];
}

const TREATMENT_REASON_LABELS: Record<string, string> = { PATIENT_CHOICE: "Patient choice", FITNESS: "Fitness", PROGRESSION: "Progression", OTHER: "Other", NOT_STATED: "Not stated" };

/** Every indicator as a small trend chart over the quarters, its table behind a button, and the whole as CSV. */
export function IndicatorPanels({ data }: { data: IndicatorData }) {
  const download = () => {
    const blob = new Blob([indicatorsCsv(data.board.slug, data.quarters)], { type: "text/csv" });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = `indicators-${data.board.slug}.csv`;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div className="space-y-4">
      <div>
        <button type="button" className="btn" onClick={download}>Download CSV</button>
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        {INDICATORS.map((d) => (
          <IndicatorCard key={d.key} definition={d} quarters={data.quarters} reasons={d.key === "guidelineConcordant" ? data.guidelineDeviations : d.key === "recommendationFollowed" ? data.treatmentDeviations.map((r) => ({ ...r, reason: TREATMENT_REASON_LABELS[r.reason] ?? r.reason })) : undefined} />
        ))}
      </div>
    </div>
  );
}

function formatValue(value: number | null, unit: IndicatorDefinition["unit"]) {
  if (value === null) return "–";
  return unit === "%" ? `${value}%` : unit === "cases" ? String(value) : `${value} ${unit}`;
}

function IndicatorCard({ definition: d, quarters, reasons }: { definition: IndicatorDefinition; quarters: QuarterTotals[]; reasons?: Reason[] }) {
  const [showTable, setShowTable] = useState(false);
  const points = quarters.map((q) => ({ quarter: q.quarter, value: d.value(q), budget: d.key === "minutesPerCase" ? q.meanMinutesBudget : null }));
  const latest = [...points].reverse().find((p) => p.value !== null);
  const headingId = `indicator-${d.key}`;
  const summary = `${d.label}: ${points.map((p) => `${p.quarter} ${formatValue(p.value, d.unit)}`).join(", ")}`;
  const reasonTotals = new Map<string, number>();
  for (const r of reasons ?? []) reasonTotals.set(r.reason, (reasonTotals.get(r.reason) ?? 0) + r.count);

  return (
    <section className="card space-y-2" aria-labelledby={headingId}>
      <div className="flex items-baseline justify-between gap-2">
        <h2 id={headingId} className="text-base font-semibold">{d.label}</h2>
        <span className="text-sm tabular-nums text-slate-600 dark:text-slate-300">{latest ? `${formatValue(latest.value, d.unit)} in ${latest.quarter}` : "no data"}</span>
      </div>
      <p className="text-xs text-slate-500">{d.meaning}</p>
      <figure className="h-40 text-slate-600 dark:text-slate-300" role="img" aria-label={summary}>
        <ResponsiveContainer width="100%" height="100%">
          {d.unit === "cases" ? (
            <BarChart data={points} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
              <XAxis dataKey="quarter" tick={{ fill: "currentColor", fontSize: 10 }} stroke="currentColor" />
              <YAxis allowDecimals={false} tick={{ fill: "currentColor", fontSize: 10 }} stroke="currentColor" />
              <Tooltip contentStyle={{ background: "var(--tooltip-bg, #0f172a)", color: "#f8fafc", border: "none", fontSize: 12 }} />
              <Bar dataKey="value" name={d.label} fill="#0ea5e9" isAnimationActive={false} />
            </BarChart>
          ) : (
            <LineChart data={points} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
              <XAxis dataKey="quarter" tick={{ fill: "currentColor", fontSize: 10 }} stroke="currentColor" />
              <YAxis domain={d.unit === "%" ? [0, 100] : ["auto", "auto"]} tick={{ fill: "currentColor", fontSize: 10 }} stroke="currentColor" />
              <Tooltip contentStyle={{ background: "#0f172a", color: "#f8fafc", border: "none", fontSize: 12 }} />
              <Line type="monotone" dataKey="value" name={d.label} stroke="#0ea5e9" strokeWidth={2} dot={{ r: 2 }} connectNulls isAnimationActive={false} />
              {d.key === "minutesPerCase" && <Line type="stepAfter" dataKey="budget" name="Budget" stroke="#f59e0b" strokeDasharray="4 3" dot={false} connectNulls isAnimationActive={false} />}
            </LineChart>
          )}
        </ResponsiveContainer>
      </figure>
      {reasonTotals.size > 0 && (
        <p className="text-xs text-slate-600 dark:text-slate-300">
          Why not: {[...reasonTotals].sort((a, b) => b[1] - a[1]).map(([reason, count]) => `${reason} (${count})`).join("; ")}
        </p>
      )}
      <button type="button" className="link text-xs" aria-expanded={showTable} aria-controls={`${headingId}-table`} onClick={() => setShowTable((s) => !s)}>
        {showTable ? "Hide table" : "Show table"}
      </button>
      {showTable && (
        <table id={`${headingId}-table`} className="data-table text-xs" aria-label={`${d.label} per quarter`}>
          <thead>
            <tr>
              <th scope="col">Quarter</th>
              <th scope="col">{d.label}</th>
              {d.basis && <th scope="col">n / N</th>}
              {d.key === "minutesPerCase" && <th scope="col">Budget</th>}
            </tr>
          </thead>
          <tbody>
            {quarters.map((q) => {
              const basis = d.basis?.(q);
              return (
                <tr key={q.quarter}>
                  <td>{q.quarter}</td>
                  <td className="tabular-nums">{formatValue(d.value(q), d.unit)}</td>
                  {basis && <td className="tabular-nums">{basis.numerator} / {basis.denominator}</td>}
                  {d.key === "minutesPerCase" && <td className="tabular-nums">{formatValue(q.meanMinutesBudget, "minutes")}</td>}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
