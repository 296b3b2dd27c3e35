"use client";

import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

export type SurvivalResult = inferRouterOutputs<AppRouter>["cohort"]["survival"];
export type SurvivalGroup = SurvivalResult["groups"][number];

/** One colour and one dash pattern per group, so that groups differ without colour too. Readable on both themes. */
export const GROUP_STYLES = [
  { stroke: "#0ea5e9", dash: "", swatch: "bg-sky-500" },
  { stroke: "#f59e0b", dash: "8 4", swatch: "bg-amber-500" },
  { stroke: "#10b981", dash: "2 3", swatch: "bg-emerald-500" },
  { stroke: "#d946ef", dash: "10 3 2 3", swatch: "bg-fuchsia-500" },
] as const;

export const DAYS_PER_MONTH = 365.25 / 12;
const W = 720;
const H = 300;
const M = { left: 52, right: 16, top: 12, bottom: 44 };
const innerW = W - M.left - M.right;
const innerH = H - M.top - M.bottom;
/** Height of one numbers-at-risk row drawn under the axis. */
const RISK_ROW = 16;

/** The step function through (0, 1) and each step, as SVG path points. */
function stepPoints(steps: { time: number; value: number }[], maxDays: number, x: (d: number) => number, y: (s: number) => number, start = 1): string[] {
  const points = [`${x(0)},${y(start)}`];
  let previous = start;
  for (const s of steps) {
    points.push(`${x(s.time)},${y(previous)}`, `${x(s.time)},${y(s.value)}`);
    previous = s.value;
  }
  points.push(`${x(maxDays)},${y(previous)}`);
  return points;
}

/**
 * Kaplan-Meier curves drawn as step functions with their 95% confidence bands and censoring marks. Time in months.
 * The numbers are one click away in the table beside it; the SVG itself has a title and description for screen readers.
 */
export function SurvivalPlot({ result, endpointLabel }: { result: SurvivalResult; endpointLabel: string }) {
  const maxDays = Math.max(result.ticks.at(-1) ?? 0, ...result.groups.map((g) => g.steps.at(-1)?.time ?? 0), 1);
  const x = (d: number) => M.left + (d / maxDays) * innerW;
  const y = (s: number) => M.top + (1 - s) * innerH;
  const summary = result.groups.map((g) => `${g.label}: ${g.n} patients, ${g.events} events`).join("; ");
  // The numbers at risk sit under the axis at each tick's own x, as in published plots, so they cannot drift from it.
  const riskTop = H + 8;
  const totalH = riskTop + RISK_ROW * (result.groups.length + 1);
  return (
    <svg viewBox={`0 0 ${W} ${totalH}`} className="w-full max-w-3xl text-slate-700 dark:text-slate-300" role="img" aria-labelledby="km-title km-desc">
      <title id="km-title">{`Kaplan-Meier curves of ${endpointLabel.toLowerCase()}`}</title>
      <desc id="km-desc">{`${summary}. Shaded: 95% confidence bands. Ticks on a curve: censored patients.`}</desc>
      {[0, 0.25, 0.5, 0.75, 1].map((s) => (
        <g key={s}>
          <line x1={M.left} x2={W - M.right} y1={y(s)} y2={y(s)} stroke="currentColor" strokeOpacity={0.15} />
          <text x={M.left - 6} y={y(s) + 4} textAnchor="end" fontSize={11} fill="currentColor">{`${s * 100}%`}</text>
        </g>
      ))}
      {result.ticks.map((t) => (
        <g key={t}>
          <line x1={x(t)} x2={x(t)} y1={H - M.bottom} y2={H - M.bottom + 4} stroke="currentColor" />
          <text x={x(t)} y={H - M.bottom + 16} textAnchor="middle" fontSize={11} fill="currentColor">{Math.round(t / DAYS_PER_MONTH)}</text>
        </g>
      ))}
      <line x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} stroke="currentColor" />
      <line x1={M.left} x2={M.left} y1={M.top} y2={H - M.bottom} stroke="currentColor" />
      <text x={M.left + innerW / 2} y={H - 6} textAnchor="middle" fontSize={12} fill="currentColor">Months since the board&apos;s discussion</text>
      <text transform={`translate(14 ${M.top + innerH / 2}) rotate(-90)`} textAnchor="middle" fontSize={12} fill="currentColor">{endpointLabel}</text>
      <g aria-hidden="true" fontSize={11} fill="currentColor">
        <text x={4} y={riskTop + 10} fontWeight={600}>Number at risk</text>
        {result.groups.map((g, i) => (
          <g key={g.label}>
            {/* The curve's own line pattern names the row; the table under the plot spells the group out. */}
            <line x1={8} x2={M.left - 10} y1={riskTop + RISK_ROW * (i + 1) + 6} y2={riskTop + RISK_ROW * (i + 1) + 6} stroke={GROUP_STYLES[i % GROUP_STYLES.length]!.stroke} strokeWidth={2} strokeDasharray={GROUP_STYLES[i % GROUP_STYLES.length]!.dash} />
            {g.atRisk.map((n, k) => (
              <text key={k} x={x(result.ticks[k] ?? 0)} y={riskTop + RISK_ROW * (i + 1) + 10} textAnchor="middle" className="tabular-nums">
                {n}
              </text>
            ))}
          </g>
        ))}
      </g>
      {result.groups.map((g, i) => {
        const style = GROUP_STYLES[i % GROUP_STYLES.length]!;
        const withBand = g.steps.filter((s) => s.lower !== null && s.upper !== null);
        const upper = stepPoints(withBand.map((s) => ({ time: s.time, value: s.upper! })), maxDays, x, y);
        const lower = stepPoints(withBand.map((s) => ({ time: s.time, value: s.lower! })), maxDays, x, y);
        const line = stepPoints(g.steps.map((s) => ({ time: s.time, value: s.survival })), maxDays, x, y);
        return (
          <g key={g.label} aria-hidden="true">
            <polygon points={[...upper, ...lower.reverse()].join(" ")} fill={style.stroke} fillOpacity={0.12} stroke="none" />
            <polyline points={line.join(" ")} fill="none" stroke={style.stroke} strokeWidth={2} strokeDasharray={style.dash} />
            {g.steps
              .filter((s) => s.nCensor > 0)
              .map((s) => (
                <line key={s.time} x1={x(s.time)} x2={x(s.time)} y1={y(s.survival) - 4} y2={y(s.survival) + 4} stroke={style.stroke} strokeWidth={1.5} />
              ))}
          </g>
        );
      })}
    </svg>
  );
}

const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)}%`);

/** The curve as CSV: one line per step of every group, times in days and months. */
export function survivalCsv(result: SurvivalResult, endpoint: string): string {
  const lines = ["endpoint,group,time_days,time_months,n_risk,n_event,n_censor,survival,lower_95,upper_95"];
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  for (const g of result.groups) {
    for (const s of g.steps) {
      lines.push([endpoint, quote(g.label), s.time, (s.time / DAYS_PER_MONTH).toFixed(2), s.nRisk, s.nEvent, s.nCensor, s.survival.toFixed(6), s.lower?.toFixed(6) ?? "", s.upper?.toFixed(6) ?? ""].join(","));
    }
  }
  return `${lines.join("\n")}\n`;
}

/** Numbers at risk under the plot, at each tick. */
export function AtRiskTable({ result }: { result: SurvivalResult }) {
  return (
    <table className="data-table text-xs" aria-label="Numbers at risk">
      <thead>
        <tr>
          <th scope="col">At risk (months)</th>
          {result.ticks.map((t) => (
            <th key={t} scope="col" className="text-right">{Math.round(t / DAYS_PER_MONTH)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {result.groups.map((g, i) => (
          <tr key={g.label}>
            <th scope="row" className="whitespace-nowrap font-normal">
              <span className={`mr-1 inline-block h-2 w-3 align-middle ${GROUP_STYLES[i % GROUP_STYLES.length]!.swatch}`} aria-hidden="true" />
              {g.label}
            </th>
            {g.atRisk.map((n, k) => (
              <td key={k} className="text-right tabular-nums">{n}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Every step of every curve: the numbers behind the plot. */
export function StepsTable({ result }: { result: SurvivalResult }) {
  return (
    <div className="max-h-96 overflow-auto">
      <table className="data-table text-xs" aria-label="Kaplan-Meier estimates">
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col" className="text-right">Day</th>
            <th scope="col" className="text-right">Month</th>
            <th scope="col" className="text-right">At risk</th>
            <th scope="col" className="text-right">Events</th>
            <th scope="col" className="text-right">Censored</th>
            <th scope="col" className="text-right">Survival</th>
            <th scope="col" className="text-right">95% CI</th>
          </tr>
        </thead>
        <tbody>
          {result.groups.flatMap((g) =>
            g.steps.map((s) => (
              <tr key={`${g.label}-${s.time}`}>
                <td>{g.label}</td>
                <td className="text-right tabular-nums">{s.time}</td>
                <td className="text-right tabular-nums">{(s.time / DAYS_PER_MONTH).toFixed(1)}</td>
                <td className="text-right tabular-nums">{s.nRisk}</td>
                <td className="text-right tabular-nums">{s.nEvent}</td>
                <td className="text-right tabular-nums">{s.nCensor}</td>
                <td className="text-right tabular-nums">{pct(s.survival)}</td>
                <td className="text-right tabular-nums">{`${pct(s.lower)}–${pct(s.upper)}`}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}
