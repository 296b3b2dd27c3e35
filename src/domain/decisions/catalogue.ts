/**
 * What a board decision is made of, as pick lists: treatment intent and modalities (mCODE CarePlan), histology and
 * grade per site (WHO classification terms), and the biomarkers the board reads per site with their allowed values.
 */
import type { StagingSite } from "../staging/tnm";

export const INTENTS = ["CURATIVE", "PALLIATIVE", "NONE"] as const;
export type IntentName = (typeof INTENTS)[number];
export const INTENT_LABELS: Record<IntentName, string> = {
  CURATIVE: "Curative",
  PALLIATIVE: "Palliative",
  NONE: "No anticancer treatment",
};

export const MODALITIES = [
  "SURGERY",
  "SYSTEMIC_THERAPY",
  "RADIOTHERAPY",
  "CHEMORADIATION",
  "ACTIVE_SURVEILLANCE",
  "BEST_SUPPORTIVE_CARE",
  "FURTHER_DIAGNOSTICS",
  "CLINICAL_TRIAL",
] as const;
export type ModalityName = (typeof MODALITIES)[number];
export const MODALITY_LABELS: Record<ModalityName, string> = {
  SURGERY: "Surgery",
  SYSTEMIC_THERAPY: "Systemic therapy",
  RADIOTHERAPY: "Radiotherapy",
  CHEMORADIATION: "Chemoradiation",
  ACTIVE_SURVEILLANCE: "Active surveillance",
  BEST_SUPPORTIVE_CARE: "Best supportive care",
  FURTHER_DIAGNOSTICS: "Further diagnostics",
  CLINICAL_TRIAL: "Clinical trial",
};

export const HISTOLOGIES: Record<StagingSite, readonly string[]> = {
  lung: [
    "Adenocarcinoma",
    "Squamous cell carcinoma",
    "Large cell carcinoma",
    "Adenosquamous carcinoma",
    "Non-small cell carcinoma, NOS",
    "Small cell carcinoma",
    "Carcinoid tumour",
    "Sarcomatoid carcinoma",
  ],
  breast: [
    "Invasive carcinoma of no special type (ductal)",
    "Invasive lobular carcinoma",
    "Ductal carcinoma in situ",
    "Mucinous carcinoma",
    "Tubular carcinoma",
    "Metaplastic carcinoma",
  ],
  colorectal: ["Adenocarcinoma", "Mucinous adenocarcinoma", "Signet-ring cell carcinoma", "Medullary carcinoma", "Neuroendocrine carcinoma"],
};

export const GRADES: Record<StagingSite, readonly string[]> = {
  lung: ["GX", "G1", "G2", "G3", "G4"],
  breast: ["GX", "G1", "G2", "G3"],
  colorectal: ["GX", "G1", "G2", "G3", "G4"],
};

export interface BiomarkerDefinition {
  marker: string;
  label: string;
  values: readonly string[];
}

const NOT_TESTED = "Not tested";
const PENDING = "Pending";

export const BIOMARKERS: Record<StagingSite, readonly BiomarkerDefinition[]> = {
  lung: [
    { marker: "EGFR", label: "EGFR", values: [NOT_TESTED, PENDING, "Wild type", "Exon 19 deletion", "L858R", "Exon 20 insertion", "Other mutation"] },
    { marker: "ALK", label: "ALK", values: [NOT_TESTED, PENDING, "Negative", "Rearranged"] },
    { marker: "ROS1", label: "ROS1", values: [NOT_TESTED, PENDING, "Negative", "Rearranged"] },
    { marker: "KRAS", label: "KRAS", values: [NOT_TESTED, PENDING, "Wild type", "G12C", "Other mutation"] },
    { marker: "BRAF", label: "BRAF", values: [NOT_TESTED, PENDING, "Wild type", "V600E", "Other mutation"] },
    { marker: "PD-L1", label: "PD-L1 (TPS)", values: [NOT_TESTED, PENDING, "<1%", "1-49%", ">=50%"] },
  ],
  breast: [
    { marker: "ER", label: "ER", values: [NOT_TESTED, PENDING, "Negative (<1%)", "Low (1-10%)", "Positive (>10%)"] },
    { marker: "PR", label: "PR", values: [NOT_TESTED, PENDING, "Negative (<1%)", "Positive (>=1%)"] },
    { marker: "HER2", label: "HER2", values: [NOT_TESTED, PENDING, "0", "1+", "2+ ISH negative", "2+ ISH positive", "3+"] },
    { marker: "Ki-67", label: "Ki-67", values: [NOT_TESTED, PENDING, "<20%", ">=20%"] },
    { marker: "BRCA", label: "Germline BRCA1/2", values: [NOT_TESTED, PENDING, "No pathogenic variant", "BRCA1 variant", "BRCA2 variant"] },
  ],
  colorectal: [
    { marker: "MSI", label: "MSI / MMR", values: [NOT_TESTED, PENDING, "MSS / pMMR", "MSI-H / dMMR"] },
    { marker: "KRAS", label: "KRAS", values: [NOT_TESTED, PENDING, "Wild type", "G12C", "Other mutation"] },
    { marker: "NRAS", label: "NRAS", values: [NOT_TESTED, PENDING, "Wild type", "Mutated"] },
    { marker: "BRAF", label: "BRAF", values: [NOT_TESTED, PENDING, "Wild type", "V600E"] },
    { marker: "HER2", label: "HER2", values: [NOT_TESTED, PENDING, "Not amplified", "Amplified"] },
  ],
};

export interface BiomarkerResult {
  marker: string;
  value: string;
  method?: string;
}

/** Problems with biomarker results for a site: unknown markers or values outside the marker's list. */
export function checkBiomarkers(site: StagingSite | null, results: readonly BiomarkerResult[]): { marker: string; message: string }[] {
  if (!site) return [];
  const problems: { marker: string; message: string }[] = [];
  const seen = new Set<string>();
  for (const r of results) {
    const def = BIOMARKERS[site].find((d) => d.marker === r.marker);
    if (!def) {
      problems.push({ marker: r.marker, message: `${r.marker} is not a biomarker the ${site} board records.` });
      continue;
    }
    if (seen.has(r.marker)) problems.push({ marker: r.marker, message: `${def.label} is given twice.` });
    seen.add(r.marker);
    if (!def.values.includes(r.value)) {
      problems.push({ marker: r.marker, message: `"${r.value}" is not a ${def.label} result; choose one of: ${def.values.join(", ")}.` });
    }
  }
  return problems;
}

export const ECOG_LABELS: readonly string[] = [
  "0 — fully active",
  "1 — restricted in strenuous activity",
  "2 — ambulatory, up >50% of waking hours",
  "3 — limited self-care, >50% in bed or chair",
  "4 — completely disabled",
  "5 — dead",
];
