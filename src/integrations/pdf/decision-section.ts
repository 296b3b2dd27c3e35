import type { Composer } from "./compose";
import { formatDateTime } from "./format";
import type { DecisionSummary } from "./types";

/** The staging line of a decision, e.g. "cT2a N2 M0, stage IIIA". */
export function stagingLine(d: DecisionSummary): string {
  const parts = [d.tnm, d.stageGroup ? `stage ${d.stageGroup}` : null].filter(Boolean);
  return parts.length ? parts.join(", ") : "Not staged";
}

/** A decision's fields, as minutes and letters show them. */
export function writeDecision(doc: Composer, d: DecisionSummary, options: { indent?: number; quorum?: boolean; dissent?: boolean } = {}): void {
  const indent = options.indent ?? 0;
  doc.field("Staging (AJCC 8th)", stagingLine(d), { indent });
  if (d.histology) doc.field("Histology", d.grade ? `${d.histology}, grade ${d.grade}` : d.histology, { indent });
  else if (d.grade) doc.field("Grade", d.grade, { indent });
  if (d.ecog !== null) doc.field("ECOG", String(d.ecog), { indent });
  if (d.biomarkers.length) doc.field("Biomarkers", d.biomarkers.map((b) => `${b.marker}: ${b.value}${b.method ? ` (${b.method})` : ""}`).join("; "), { indent });
  doc.field("Intent", d.intent, { indent });
  if (d.modalities.length) doc.field("Modalities", d.modalities.join(", "), { indent });
  if (d.sequence) doc.field("Sequence", d.sequence, { indent });
  if (d.trialIdentifier) doc.field("Clinical trial", d.trialIdentifier, { indent });
  doc.field("Recommendation", d.recommendation, { indent });
  doc.field("Rationale", d.rationale || "—", { indent });
  if (d.guideline) doc.field("Guidelines", d.guideline, { indent });
  if (options.dissent !== false && d.dissents.length) {
    doc.field("Dissent", d.dissents.map((x) => `${x.name}${x.specialty ? ` (${x.specialty})` : ""}: ${x.opinion}`).join("\n"), { indent });
  }
  if (d.correctionReason) doc.field("Correction", `Version ${d.version}: ${d.correctionReason}`, { indent });
  if (options.quorum !== false && d.quorate !== null) {
    doc.field("Quorum", d.quorate ? "Quorate" : `NOT quorate — missing ${d.quorumMissing.join(", ") || "specialties"}`, { indent, tone: d.quorate ? "ink" : "warn" });
    if (!d.quorate && d.quorumOverrideReason) doc.field("Signed anyway", `Without quorum, because: ${d.quorumOverrideReason}`, { indent, tone: "warn" });
  }
  doc.field(
    "Signed",
    d.signed && d.signedBy && d.signedAt ? `${d.signedBy}, ${formatDateTime(d.signedAt)} (version ${d.version})` : `Draft — not signed (version ${d.version})`,
    { indent, tone: d.signed ? "ink" : "warn" },
  );
}
