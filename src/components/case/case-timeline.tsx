"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { DISCIPLINES, type Discipline } from "@/domain/timeline/assemble-timeline";
import { Badge } from "../badge";

export interface TimelineRow {
  kind: "study" | "slide" | "finding" | "document" | "opinion";
  id: string;
  /** Preformatted on the server, in the hospital's time zone. */
  dateLabel: string;
  time: number;
  discipline: Discipline;
  title: string;
  detail: string;
  isPrior: boolean;
  isNew: boolean;
  review: "PENDING" | "ACCEPTED" | "REJECTED" | null;
  /** Opens the item: the viewer at the study or referenced image, the slide, or the document (inline, new tab). */
  href: string | null;
}

const DISCIPLINE_LABELS: Record<Discipline, string> = { RADIOLOGY: "Radiology", PATHOLOGY: "Pathology", AI: "AI findings", DOCUMENTS: "Documents", OPINIONS: "Second opinions" };
const KIND_LABELS = { study: "Study", slide: "Slide", finding: "Finding", document: "Document", opinion: "Second opinion" } as const;

/** The patient's studies, slides and findings and the case's documents in date order, filterable by discipline. */
export function CaseTimeline({ rows }: { rows: TimelineRow[] }) {
  const [shown, setShown] = useState<Set<Discipline>>(new Set(DISCIPLINES));
  const [newestFirst, setNewestFirst] = useState(true);
  const visible = useMemo(() => {
    const filtered = rows.filter((r) => shown.has(r.discipline));
    return newestFirst ? filtered : [...filtered].reverse();
  }, [rows, shown, newestFirst]);

  return (
    <section className="card" aria-labelledby="timeline-heading">
      <div className="mb-2 flex flex-wrap items-center gap-3">
        <h2 id="timeline-heading" className="text-base font-semibold">Timeline</h2>
        <fieldset className="flex gap-3 text-sm">
          <legend className="sr-only">Show disciplines</legend>
          {DISCIPLINES.map((d) => (
            <label key={d} className="flex items-center gap-1">
              <input
                type="checkbox"
                checked={shown.has(d)}
                onChange={(e) => {
                  const next = new Set(shown);
                  if (e.target.checked) next.add(d);
                  else next.delete(d);
                  setShown(next);
                }}
              />
              {DISCIPLINE_LABELS[d]}
            </label>
          ))}
        </fieldset>
        <button type="button" className="btn ml-auto" onClick={() => setNewestFirst(!newestFirst)}>
          {newestFirst ? "Oldest first" : "Newest first"}
        </button>
      </div>
      {visible.length === 0 ? (
        <p className="text-sm text-slate-500">No studies, slides, findings or documents{rows.length ? " for the chosen disciplines" : " for this patient yet"}.</p>
      ) : (
        <ol aria-label="Timeline items" className="divide-y divide-slate-100 dark:divide-slate-800">
          {visible.map((r) => (
            <li key={`${r.kind}:${r.id}`} className={`flex gap-3 py-1.5 text-sm ${r.isNew ? "bg-amber-50 dark:bg-amber-950/40" : ""}`}>
              <span className="w-28 shrink-0 tabular-nums text-slate-600 dark:text-slate-400">{r.dateLabel}</span>
              <span className="w-24 shrink-0 text-xs text-slate-500">{DISCIPLINE_LABELS[r.discipline]}</span>
              <span className="min-w-0 flex-1">
                {r.href && r.kind === "document" ? (
                  // A stored file, not a page: the browser opens it inline, beside the case.
                  <a className="link font-medium" href={r.href} target="_blank" rel="noopener">{KIND_LABELS[r.kind]}: {r.title}</a>
                ) : r.href ? (
                  <Link className="link font-medium" href={r.href}>{KIND_LABELS[r.kind]}: {r.title}</Link>
                ) : (
                  <span className="font-medium">{KIND_LABELS[r.kind]}: {r.title}</span>
                )}
                <span className="block text-xs text-slate-600 dark:text-slate-400">{r.detail}</span>
              </span>
              <span className="flex shrink-0 gap-1">
                {r.isPrior && <Badge>Prior</Badge>}
                {r.isNew && <Badge tone="warn">New since last discussion</Badge>}
                {r.review && <Badge tone={r.review === "ACCEPTED" ? "good" : r.review === "REJECTED" ? "bad" : "info"}>{r.review === "PENDING" ? "To review" : r.review.toLowerCase()}</Badge>}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
