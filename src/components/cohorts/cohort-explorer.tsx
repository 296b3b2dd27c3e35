"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { COVARIATE_DEFINITIONS, COVARIATES, type CohortFilter, type CovariateName, ENDPOINT_LABELS, type Endpoint, GROUP_FIELD_LABELS, GROUP_FIELDS, type GroupField } from "@/domain/cohorts/cohort";
import { enumLabel } from "@/components/format";
import { useTRPC } from "@/trpc/react";
import { AtRiskTable, DAYS_PER_MONTH, GROUP_STYLES, StepsTable, SurvivalPlot, survivalCsv, type SurvivalResult } from "./survival-plot";

type Choices = SurvivalResult["choices"];
const FILTER_FIELDS = [
  { key: "boards", label: "Board", choices: (c: Choices) => c.boards },
  { key: "sites", label: "Site", choices: (c: Choices) => c.sites },
  { key: "stageGroups", label: "Stage", choices: (c: Choices) => c.stageGroups },
  { key: "histologies", label: "Histology", choices: (c: Choices) => c.histologies },
  { key: "ecog", label: "ECOG", choices: (c: Choices) => c.ecog.map(String) },
  { key: "ageBands", label: "Age band", choices: (c: Choices) => c.ageBands },
  { key: "intents", label: "Intent", choices: (c: Choices) => c.intents },
  { key: "modalities", label: "Modality", choices: (c: Choices) => c.modalities },
] as const;

/** The form's state: one value per field ("" = any). */
type Selection = Record<(typeof FILTER_FIELDS)[number]["key"] | "biomarker" | "periodFrom" | "periodTo", string>;
const EMPTY: Selection = { boards: "", sites: "", stageGroups: "", histologies: "", ecog: "", ageBands: "", intents: "", modalities: "", biomarker: "", periodFrom: "", periodTo: "" };

function toFilter(s: Selection): CohortFilter {
  const one = (v: string) => (v ? [v] : undefined);
  return {
    boards: one(s.boards),
    sites: one(s.sites),
    stageGroups: one(s.stageGroups),
    histologies: one(s.histologies),
    ecog: s.ecog ? [Number(s.ecog)] : undefined,
    ageBands: one(s.ageBands),
    intents: one(s.intents),
    modalities: one(s.modalities),
    biomarker: s.biomarker || null,
    periodFrom: s.periodFrom || null,
    periodTo: s.periodTo || null,
  };
}

const days = (d: number | null) => (d === null ? "not reached" : `${Math.round(d)} days (${(d / DAYS_PER_MONTH).toFixed(1)} months)`);
const pValue = (p: number) => (p < 0.001 ? "p < 0.001" : `p = ${p.toFixed(3)}`);

/**
 * The cohort explorer: filter the board's pseudonymised outcome dataset, compare up to four groups with
 * Kaplan-Meier curves and a log-rank test, and fit a Cox model on chosen covariates.
 */
export function CohortExplorer() {
  const trpc = useTRPC();
  const [selection, setSelection] = useState<Selection>(EMPTY);
  const [groupBy, setGroupBy] = useState<GroupField>("none");
  const [endpoint, setEndpoint] = useState<Endpoint>("OS");
  const [showNumbers, setShowNumbers] = useState(false);
  const filter = toFilter(selection);
  const survival = useQuery(trpc.cohort.survival.queryOptions({ filter, groupBy, endpoint }, { placeholderData: keepPreviousData }));
  const choices = survival.data?.choices;
  const ids = useId();

  const download = () => {
    if (!survival.data) return;
    const url = URL.createObjectURL(new Blob([survivalCsv(survival.data, endpoint)], { type: "text/csv" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = `kaplan-meier-${endpoint.toLowerCase()}.csv`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <div className="space-y-4">
      <form aria-label="Cohort filter" className="card grid grid-cols-2 gap-3 md:grid-cols-4 lg:grid-cols-6" onSubmit={(e) => e.preventDefault()}>
        {FILTER_FIELDS.map((field) => (
          <div key={field.key}>
            <label className="label" htmlFor={`${ids}-${field.key}`}>{field.label}</label>
            <select id={`${ids}-${field.key}`} className="field" value={selection[field.key]} onChange={(e) => setSelection({ ...selection, [field.key]: e.target.value })}>
              <option value="">Any</option>
              {(choices ? field.choices(choices) : []).map((v) => (
                <option key={v} value={v}>{field.key === "intents" || field.key === "modalities" ? enumLabel(v) : v}</option>
              ))}
            </select>
          </div>
        ))}
        <div>
          <label className="label" htmlFor={`${ids}-biomarker`}>Biomarker</label>
          <select id={`${ids}-biomarker`} className="field" value={selection.biomarker} onChange={(e) => setSelection({ ...selection, biomarker: e.target.value })}>
            <option value="">Any</option>
            {choices?.biomarkers.map((v) => <option key={v} value={v}>{`${v} tested`}</option>)}
          </select>
        </div>
        {(["periodFrom", "periodTo"] as const).map((key) => (
          <div key={key}>
            <label className="label" htmlFor={`${ids}-${key}`}>{key === "periodFrom" ? "Discussed from" : "Discussed until"}</label>
            <select id={`${ids}-${key}`} className="field" value={selection[key]} onChange={(e) => setSelection({ ...selection, [key]: e.target.value })}>
              <option value="">Any</option>
              {choices?.quarters.map((q) => <option key={q} value={q}>{q}</option>)}
            </select>
          </div>
        ))}
        <div>
          <label className="label" htmlFor={`${ids}-group`}>Compare groups by</label>
          <select id={`${ids}-group`} className="field" value={groupBy} onChange={(e) => setGroupBy(e.target.value as GroupField)}>
            {GROUP_FIELDS.map((g) => <option key={g} value={g}>{GROUP_FIELD_LABELS[g]}</option>)}
          </select>
        </div>
        <fieldset>
          <legend className="label">Endpoint</legend>
          <div className="flex gap-3 text-sm">
            {(["OS", "PFS"] as const).map((e) => (
              <label key={e} className="flex items-center gap-1">
                <input type="radio" name={`${ids}-endpoint`} checked={endpoint === e} onChange={() => setEndpoint(e)} />
                {ENDPOINT_LABELS[e]}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="flex items-end">
          <button type="button" className="btn" onClick={() => setSelection(EMPTY)}>Clear filter</button>
        </div>
      </form>

      {survival.error && <p role="alert" className="text-sm text-rose-700 dark:text-rose-400">{survival.error.message}</p>}
      {!survival.data && !survival.error && <p role="status" className="text-sm text-slate-500">Computing the curves…</p>}
      {survival.data && (
        <section aria-labelledby={`${ids}-curves`} className="card space-y-3">
          <div className="flex flex-wrap items-baseline gap-3">
            <h2 id={`${ids}-curves`} className="text-base font-semibold">{ENDPOINT_LABELS[endpoint]}</h2>
            <span className="text-sm text-slate-600 dark:text-slate-400">{survival.data.patients} patients match the filter</span>
            {survival.data.status === "ok" && (
              <span className="ml-auto flex gap-2">
                <button type="button" className="btn" aria-expanded={showNumbers} aria-controls={`${ids}-numbers`} onClick={() => setShowNumbers(!showNumbers)}>
                  {showNumbers ? "Hide the numbers" : "Show the numbers"}
                </button>
                <button type="button" className="btn" onClick={download}>Download CSV</button>
              </span>
            )}
          </div>
          {survival.data.status === "too-few" ? (
            <p role="status" className="rounded border border-amber-300 bg-amber-50 p-2 text-sm dark:border-amber-800 dark:bg-amber-950">
              Too few patients to show a curve: {survival.data.patients} match this filter, at least {survival.data.minimumPatients} are needed so that no
              one can be recognised. Widen the filter.
            </p>
          ) : (
            <SurvivalResultView result={survival.data} endpoint={endpoint} />
          )}
          {showNumbers && survival.data.status === "ok" && (
            <div id={`${ids}-numbers`}>
              <StepsTable result={survival.data} />
            </div>
          )}
          <DataIssues issues={survival.data.dataIssues} />
        </section>
      )}
      <HazardModel filter={filter} endpoint={endpoint} />
    </div>
  );
}

function SurvivalResultView({ result, endpoint }: { result: SurvivalResult; endpoint: Endpoint }) {
  return (
    <div className="space-y-2">
      <ul className="flex flex-wrap gap-4 text-sm" aria-label="Groups">
        {result.groups.map((g, i) => (
          <li key={g.label} className="flex items-center gap-1">
            <span className={`inline-block h-2 w-4 ${GROUP_STYLES[i % GROUP_STYLES.length]!.swatch}`} aria-hidden="true" />
            <span>
              <strong>{g.label}</strong>: {g.n} patients, {g.events} events; median {days(g.median.estimate)}
              {g.median.estimate !== null && ` (95% CI ${g.median.lower === null ? "—" : Math.round(g.median.lower)}–${g.median.upper === null ? "not reached" : Math.round(g.median.upper)} days)`}
            </span>
          </li>
        ))}
      </ul>
      <SurvivalPlot result={result} endpointLabel={ENDPOINT_LABELS[endpoint]} />
      <AtRiskTable result={result} />
      <p className="text-sm">
        {result.logRank ? (
          <>
            Log-rank test: χ² = {result.logRank.chiSquare.toFixed(2)}, {result.logRank.df} df, <strong>{pValue(result.logRank.pValue)}</strong>
          </>
        ) : (
          <span className="text-slate-600 dark:text-slate-400">{result.logRankNote}</span>
        )}
      </p>
      {(result.smallGroups.length > 0 || result.leftOutGroups.groups > 0) && (
        <p className="text-xs text-slate-600 dark:text-slate-400">
          {result.smallGroups.length > 0 &&
            `Not drawn, fewer than ${result.minimumPatients} patients: ${result.smallGroups.map((g) => `${g.label} (${g.n})`).join(", ")}. `}
          {result.leftOutGroups.groups > 0 && `Only the four largest groups are drawn; ${result.leftOutGroups.patients} patients in ${result.leftOutGroups.groups} other groups are not.`}
        </p>
      )}
    </div>
  );
}

function DataIssues({ issues }: { issues: { pseudonym: string; issue: string }[] }) {
  if (issues.length === 0) return null;
  return (
    <details className="text-sm">
      <summary>{issues.length} patient{issues.length === 1 ? "" : "s"} left out because of inconsistent follow-up</summary>
      <ul className="mt-1 list-disc pl-5" aria-label="Rows with data issues">
        {issues.map((i) => (
          <li key={i.pseudonym}>
            {i.pseudonym}: {i.issue}
          </li>
        ))}
      </ul>
    </details>
  );
}

function HazardModel({ filter, endpoint }: { filter: CohortFilter; endpoint: Endpoint }) {
  const trpc = useTRPC();
  const ids = useId();
  const [chosen, setChosen] = useState<CovariateName[]>(["age", "sex", "ecog"]);
  const [requested, setRequested] = useState<{ filter: CohortFilter; endpoint: Endpoint; covariates: CovariateName[] } | null>(null);
  const model = useQuery({ ...trpc.cohort.hazards.queryOptions(requested ?? { filter, endpoint, covariates: chosen }), enabled: requested !== null });
  const toggle = (c: CovariateName) => setChosen(chosen.includes(c) ? chosen.filter((x) => x !== c) : [...chosen, c]);
  const data = model.data;
  return (
    <section aria-labelledby={`${ids}-cox`} className="card space-y-3">
      <h2 id={`${ids}-cox`} className="text-base font-semibold">Hazard model (Cox)</h2>
      <fieldset>
        <legend className="label">Covariates</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          {COVARIATES.map((c) => (
            <label key={c} className="flex items-center gap-1">
              <input type="checkbox" checked={chosen.includes(c)} onChange={() => toggle(c)} />
              {COVARIATE_DEFINITIONS[c].label}
            </label>
          ))}
        </div>
      </fieldset>
      <button type="button" className="btn-primary" disabled={chosen.length === 0 || model.isFetching} onClick={() => setRequested({ filter, endpoint, covariates: chosen })}>
        Fit the model on this cohort
      </button>
      {model.error && <p role="alert" className="text-sm text-rose-700 dark:text-rose-400">{model.error.message}</p>}
      {data && (
        <div className="space-y-2 text-sm">
          <p>
            {ENDPOINT_LABELS[requested!.endpoint]}: {data.usedPatients} patients, {data.events} events.
            {data.leftOutSentence && <span className="ml-1 text-amber-800 dark:text-amber-300">{data.leftOutSentence}.</span>}
          </p>
          {data.status === "refused" || !data.model ? (
            <p role="status" className="rounded border border-amber-300 bg-amber-50 p-2 dark:border-amber-800 dark:bg-amber-950">{data.reason}</p>
          ) : (
            <>
              <table className="data-table" aria-label="Hazard ratios">
                <thead>
                  <tr>
                    <th scope="col">Covariate</th>
                    <th scope="col" className="text-right">Hazard ratio</th>
                    <th scope="col" className="text-right">95% CI</th>
                    <th scope="col" className="text-right">p</th>
                    <th scope="col" className="text-right">PH check p</th>
                  </tr>
                </thead>
                <tbody>
                  {data.model.coefficients.map((c, i) => {
                    const ph = data.model!.proportionalHazards.terms[i];
                    return (
                      <tr key={c.name}>
                        <th scope="row" className="font-normal">{c.name}</th>
                        <td className="text-right tabular-nums">{c.hazardRatio.toFixed(3)}</td>
                        <td className="text-right tabular-nums">{`${c.lower.toFixed(3)}–${c.upper.toFixed(3)}`}</td>
                        <td className="text-right tabular-nums">{c.pValue < 0.001 ? "< 0.001" : c.pValue.toFixed(3)}</td>
                        <td className={`text-right tabular-nums ${ph && ph.pValue < 0.05 ? "font-semibold text-amber-800 dark:text-amber-300" : ""}`}>{ph ? ph.pValue.toFixed(3) : "—"}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <p>
                Concordance {data.model.concordance.toFixed(3)}. Proportional hazards, global test: {pValue(data.model.proportionalHazards.global.pValue)}
                {data.model.proportionalHazards.global.pValue < 0.05
                  ? " — the hazards may not be proportional: read the hazard ratios as averages over time."
                  : " — no evidence against proportional hazards."}
              </p>
            </>
          )}
          <DataIssues issues={data.dataIssues} />
        </div>
      )}
    </section>
  );
}
