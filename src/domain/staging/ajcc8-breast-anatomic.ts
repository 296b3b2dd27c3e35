import { ANY, type SiteStagingData } from "./types";

/**
 * Breast cancer, AJCC Cancer Staging Manual 8th edition, chapter 48 (Breast), Table "AJCC Anatomic Stage Groups"
 * (used where biomarkers are not available; the prognostic stage groups need grade, ER, PR and HER2).
 * Notes of the table, as the rows below and the computation apply them:
 * 1. T1 includes T1mi.
 * 2. T0 and T1 tumours with nodal micrometastases only (N1mi) are stage IB (their own rows).
 * 3. T2, T3 and T4 tumours with N1mi are staged using the N1 category (N1mi falls under the N1 rows).
 * 4. M0 includes M0(i+).
 * 6. A patient with M1 before neoadjuvant therapy is stage IV and stays stage IV whatever the response.
 * 8. Post-neoadjuvant staging (yc, yp) uses the same table; no stage group is assigned for a complete pathological
 *    response (ypT0 ypN0 cM0).
 * "Any T N3 M0" excludes Tis here: carcinoma in situ with nodal metastasis is not a valid combination (the tumour is
 * invasive; re-assess T), the same rule the app applies to every site.
 */
export const AJCC8_BREAST_ANATOMIC: SiteStagingData = {
  cancerName: "breast cancer",
  source: "AJCC 8th edition, chapter 48 (Breast), anatomic stage groups",
  t: [
    { value: "TX", meaning: "cannot be assessed" },
    { value: "T0", meaning: "no evidence of primary tumour" },
    { value: "Tis", meaning: "DCIS, or Paget disease without invasive carcinoma" },
    { value: "T1", meaning: "≤20 mm, subcategory not known" },
    { value: "T1mi", meaning: "≤1 mm" },
    { value: "T1a", meaning: ">1 to ≤5 mm" },
    { value: "T1b", meaning: ">5 to ≤10 mm" },
    { value: "T1c", meaning: ">10 to ≤20 mm" },
    { value: "T2", meaning: ">20 to ≤50 mm" },
    { value: "T3", meaning: ">50 mm" },
    { value: "T4", meaning: "chest wall and/or skin, subcategory not known" },
    { value: "T4a", meaning: "extension to the chest wall" },
    { value: "T4b", meaning: "skin ulceration, satellite nodules or oedema (peau d'orange)" },
    { value: "T4c", meaning: "both T4a and T4b" },
    { value: "T4d", meaning: "inflammatory carcinoma" },
  ],
  n: [
    { value: "NX", meaning: "cannot be assessed" },
    { value: "N0", meaning: "no regional lymph-node metastasis" },
    { value: "N0(i+)", meaning: "isolated tumour cells only (≤0.2 mm)" },
    { value: "N0(mol+)", meaning: "positive molecular findings only (RT-PCR), no ITCs" },
    { value: "N1mi", meaning: "micrometastases (>0.2 mm to ≤2 mm)" },
    { value: "N1", meaning: "movable ipsilateral level I-II axillary nodes; pathologically 1-3 nodes" },
    { value: "N1a", meaning: "1-3 axillary nodes, at least one >2 mm" },
    { value: "N1b", meaning: "ipsilateral internal mammary sentinel nodes" },
    { value: "N1c", meaning: "N1a and N1b combined" },
    { value: "N2", meaning: "fixed or matted axillary nodes, or internal mammary without axillary; pathologically 4-9 nodes" },
    { value: "N2a", meaning: "4-9 axillary nodes, or fixed/matted level I-II axillary nodes" },
    { value: "N2b", meaning: "internal mammary nodes without axillary nodes" },
    { value: "N3", meaning: "infraclavicular, internal mammary with axillary, or supraclavicular nodes" },
    { value: "N3a", meaning: "≥10 axillary nodes or infraclavicular (level III) nodes" },
    { value: "N3b", meaning: "internal mammary with axillary nodes" },
    { value: "N3c", meaning: "ipsilateral supraclavicular nodes" },
  ],
  m: [
    { value: "M0", meaning: "no distant metastasis" },
    { value: "M0(i+)", meaning: "tumour cells ≤0.2 mm in blood, marrow or other tissue, no clinical metastasis" },
    { value: "M1", meaning: "distant metastasis" },
  ],
  groups: ["0", "IA", "IB", "IIA", "IIB", "IIIA", "IIIB", "IIIC", "IV"],
  rows: [
    { t: ["Tis"], n: ["N0"], m: ["M0"], group: "0" },
    { t: ["T1"], n: ["N0"], m: ["M0"], group: "IA" },
    { t: ["T0"], n: ["N1mi"], m: ["M0"], group: "IB" },
    { t: ["T1"], n: ["N1mi"], m: ["M0"], group: "IB" },
    { t: ["T0"], n: ["N1"], m: ["M0"], group: "IIA" },
    { t: ["T1"], n: ["N1"], m: ["M0"], group: "IIA" },
    { t: ["T2"], n: ["N0"], m: ["M0"], group: "IIA" },
    { t: ["T2"], n: ["N1"], m: ["M0"], group: "IIB" },
    { t: ["T3"], n: ["N0"], m: ["M0"], group: "IIB" },
    { t: ["T0"], n: ["N2"], m: ["M0"], group: "IIIA" },
    { t: ["T1"], n: ["N2"], m: ["M0"], group: "IIIA" },
    { t: ["T2"], n: ["N2"], m: ["M0"], group: "IIIA" },
    { t: ["T3"], n: ["N1"], m: ["M0"], group: "IIIA" },
    { t: ["T3"], n: ["N2"], m: ["M0"], group: "IIIA" },
    { t: ["T4"], n: ["N0"], m: ["M0"], group: "IIIB" },
    { t: ["T4"], n: ["N1"], m: ["M0"], group: "IIIB" },
    { t: ["T4"], n: ["N2"], m: ["M0"], group: "IIIB" },
    { t: ANY, n: ["N3"], m: ["M0"], group: "IIIC" },
    { t: ANY, n: ANY, m: ["M1"], group: "IV" },
  ],
};
