import { describe, expect, it } from "vitest";
import { agendaReadinessSummary, type ReadinessStatus, type SummarisedItem } from "./readiness-summary";

const pending = (status: ReadinessStatus): SummarisedItem => ({ status: "PENDING", readiness: { status } });

describe("agendaReadinessSummary", () => {
  it("counts out-of-date cases as not ready, apart from those with missing items", () => {
    const items = [pending("READY"), ...Array.from({ length: 4 }, () => pending("NOT_READY")), pending("STALE"), pending("STALE")];
    expect(agendaReadinessSummary(items)).toBe("7 cases: 1 ready, 4 with missing items, 2 out of date");
  });

  it("says plainly when every case is ready", () => {
    expect(agendaReadinessSummary([pending("READY"), pending("READY")])).toBe("2 cases: 2 ready");
  });

  it("says an empty agenda is empty, not ready", () => {
    expect(agendaReadinessSummary([])).toBe("No cases on the agenda yet");
  });

  it("counts discussed and moved cases as such, not by readiness", () => {
    const items: SummarisedItem[] = [pending("STALE"), { status: "DISCUSSED", readiness: { status: "READY" } }, { status: "DEFERRED", readiness: { status: "NOT_READY" } }];
    expect(agendaReadinessSummary(items)).toBe("3 cases: 0 ready, 1 out of date, 1 discussed, 1 moved");
  });

  it("tells what happened to the cases of a finished meeting, without readiness", () => {
    const items: SummarisedItem[] = [{ status: "DISCUSSED", readiness: { status: "READY" } }, { status: "DEFERRED", readiness: { status: "STALE" } }];
    expect(agendaReadinessSummary(items)).toBe("2 cases: 1 discussed, 1 moved");
  });
});
