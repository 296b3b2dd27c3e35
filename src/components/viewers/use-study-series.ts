"use client";

import { useEffect, useState } from "react";
import { fetchStudySeries } from "./data-source";
import type { SeriesChoice, StudyChoice } from "./viewer-types";

/** A study's series: stored ones at once, a PACS study's asked of the PACS (QIDO-RS) when it is opened. */
export function useStudySeries(study: StudyChoice | undefined): SeriesChoice[] {
  const [fetched, setFetched] = useState<SeriesChoice[]>([]);
  const needed = study !== undefined && study.series.length === 0;
  useEffect(() => {
    if (!needed || !study) return;
    const abort = new AbortController();
    fetchStudySeries(study, abort.signal)
      .then(setFetched)
      .catch(() => undefined);
    return () => abort.abort();
  }, [needed, study]);
  return needed ? fetched : (study?.series ?? []);
}
