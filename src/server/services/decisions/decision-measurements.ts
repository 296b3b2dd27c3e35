import type { MeasurementLine } from "@/domain/decisions/content";
import { formatCalendarDate } from "@/domain/dates/format-date";
import type { Db } from "../db-types";

/**
 * The measurements a decision summary carries without typing: those of accepted AI findings and of findings a
 * person measured in the viewer (rejected ones never), newest first.
 */
export async function measurementsForPatient(db: Db, patientId: string): Promise<MeasurementLine[]> {
  const findings = await db.finding.findMany({
    where: { patientId, OR: [{ review: "ACCEPTED" }, { source: "PERSON", review: { not: "REJECTED" } }] },
    orderBy: { observedAt: "desc" },
    select: { id: true, kind: true, source: true, algorithmName: true, observedAt: true, measurements: true, author: { select: { name: true } } },
  });
  return findings.flatMap((f) => {
    const list = Array.isArray(f.measurements) ? (f.measurements as unknown[]) : [];
    const by = f.source === "AI" ? (f.algorithmName ?? "AI") : (f.author?.name ?? "viewer");
    return list.flatMap((m) => {
      if (!m || typeof m !== "object") return [];
      const { name, value, unit } = m as Record<string, unknown>;
      if (typeof name !== "string" || typeof value !== "number" || !Number.isFinite(value) || typeof unit !== "string") return [];
      return [{ findingId: f.id, label: `${f.kind} — ${name} (${by}, ${formatCalendarDate(f.observedAt)})`, value: Math.round(value * 10) / 10, unit }];
    });
  });
}
