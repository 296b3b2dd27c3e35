import { describe, expect, it } from "vitest";
import { suggestOrder, type OrderCandidate } from "./suggest-order";

const now = new Date("2026-11-22T08:00:00Z");
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
const item = (id: string, over: Partial<OrderCandidate>, position: number): OrderCandidate => ({ id, urgency: "ROUTINE", waitingSince: daysAgo(5), readiness: "READY", position, ...over });

describe("suggestOrder", () => {
  it("puts urgent cases first, then ready before out of date before not ready, then the longest wait", () => {
    const order = suggestOrder([
      item("not-ready-old", { readiness: "NOT_READY", waitingSince: daysAgo(40) }, 1),
      item("ready-new", { waitingSince: daysAgo(2) }, 2),
      item("urgent-not-ready", { urgency: "URGENT", readiness: "NOT_READY" }, 3),
      item("ready-old", { waitingSince: daysAgo(20) }, 4),
      item("stale", { readiness: "STALE", waitingSince: daysAgo(30) }, 5),
      item("urgent-ready", { urgency: "URGENT" }, 6),
    ], now);
    expect(order.ids).toEqual(["urgent-ready", "urgent-not-ready", "ready-old", "ready-new", "stale", "not-ready-old"]);
    expect(order.reasons["ready-old"]).toBe("routine · ready · waiting 20 days");
    expect(order.reasons["urgent-not-ready"]).toBe("urgent · not ready · waiting 5 days");
  });

  it("keeps the current order between equal cases and handles an empty agenda", () => {
    const same = daysAgo(1);
    expect(suggestOrder([item("b", { waitingSince: same }, 2), item("a", { waitingSince: same }, 1)], now).ids).toEqual(["a", "b"]);
    expect(suggestOrder([], now)).toEqual({ ids: [], reasons: {} });
  });
});
