import { afterEach, describe, expect, it, vi } from "vitest";
import { fetchMetadataResponse, prefetchFirstSeriesMetadata } from "./series-metadata-prefetch";
import type { StudyChoice } from "./viewer-types";

const study: StudyChoice = {
  studyInstanceUid: "1.2.3",
  dicomwebBase: "/api/dicomweb",
  dateLabel: "",
  modality: "CT",
  description: "",
  series: [
    { seriesInstanceUid: "9.1", modality: "SEG", description: "", numberOfInstances: 1 },
    { seriesInstanceUid: "9.2", modality: "CT", description: "", numberOfInstances: 133 },
  ],
};

afterEach(() => vi.unstubAllGlobals());

describe("prefetchFirstSeriesMetadata", () => {
  it("asks early for the series the viewer opens first, and hands that answer over once", async () => {
    const fetch = vi.fn(async (url: string) => new Response(url));
    vi.stubGlobal("fetch", fetch);
    prefetchFirstSeriesMetadata({ studies: [study], initialStudyUid: "1.2.3" });
    prefetchFirstSeriesMetadata({ studies: [study], initialStudyUid: "1.2.3" }); // StrictMode's second effect
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0]![0]).toBe("/api/dicomweb/studies/1.2.3/series/9.2/metadata");

    expect(await (await fetchMetadataResponse("/api/dicomweb/studies/1.2.3/series/9.2")).text()).toContain("9.2/metadata");
    expect(fetch).toHaveBeenCalledTimes(1);
    await fetchMetadataResponse("/api/dicomweb/studies/1.2.3/series/9.2"); // a later opening reads afresh
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("follows the series asked for, and asks nothing for a PACS study whose series are not known yet", () => {
    const fetch = vi.fn(async (url: string) => new Response(url));
    vi.stubGlobal("fetch", fetch);
    prefetchFirstSeriesMetadata({ studies: [{ ...study, series: [] }], initialStudyUid: "1.2.3" });
    expect(fetch).not.toHaveBeenCalled();
    prefetchFirstSeriesMetadata({ studies: [study], initialStudyUid: "1.2.3", initialSeriesUid: "9.1" });
    expect(fetch.mock.calls[0]![0]).toBe("/api/dicomweb/studies/1.2.3/series/9.1/metadata");
  });
});
