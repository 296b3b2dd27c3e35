import { ANY, type SiteStagingData } from "./types";

/**
 * Colon and rectum, AJCC Cancer Staging Manual 8th edition, chapter 20 (Colon and Rectum), Table "AJCC Prognostic
 * Stage Groups". The same table serves c, p, yc, yp and r staging. N1 covers N1a, N1b and N1c; N2 covers N2a and N2b;
 * the parent categories T4, N1, N2 and M1 are offered for when the subcategory is not known.
 */
export const AJCC8_COLORECTAL: SiteStagingData = {
  cancerName: "colorectal cancer",
  source: "AJCC 8th edition, chapter 20 (Colon and Rectum)",
  t: [
    { value: "TX", meaning: "cannot be assessed" },
    { value: "T0", meaning: "no evidence of primary tumour" },
    { value: "Tis", meaning: "carcinoma in situ, intramucosal (lamina propria)" },
    { value: "T1", meaning: "submucosa" },
    { value: "T2", meaning: "muscularis propria" },
    { value: "T3", meaning: "through the muscularis propria into pericolorectal tissue" },
    { value: "T4", meaning: "visceral peritoneum or other organs, subcategory not known" },
    { value: "T4a", meaning: "through the visceral peritoneum" },
    { value: "T4b", meaning: "invades or adheres to other organs or structures" },
  ],
  n: [
    { value: "NX", meaning: "cannot be assessed" },
    { value: "N0", meaning: "no regional lymph-node metastasis" },
    { value: "N1", meaning: "1-3 nodes or tumour deposits, subcategory not known" },
    { value: "N1a", meaning: "1 node" },
    { value: "N1b", meaning: "2-3 nodes" },
    { value: "N1c", meaning: "no positive nodes, tumour deposits only" },
    { value: "N2", meaning: "≥4 nodes, subcategory not known" },
    { value: "N2a", meaning: "4-6 nodes" },
    { value: "N2b", meaning: "≥7 nodes" },
  ],
  m: [
    { value: "M0", meaning: "no distant metastasis" },
    { value: "M1", meaning: "distant metastasis, subcategory not known" },
    { value: "M1a", meaning: "one site or organ, no peritoneal metastasis" },
    { value: "M1b", meaning: "two or more sites or organs, no peritoneal metastasis" },
    { value: "M1c", meaning: "peritoneal surface, alone or with other sites" },
  ],
  groups: ["0", "I", "IIA", "IIB", "IIC", "IIIA", "IIIB", "IIIC", "IVA", "IVB", "IVC"],
  rows: [
    { t: ["Tis"], n: ["N0"], m: ["M0"], group: "0" },
    { t: ["T1", "T2"], n: ["N0"], m: ["M0"], group: "I" },
    { t: ["T3"], n: ["N0"], m: ["M0"], group: "IIA" },
    { t: ["T4a"], n: ["N0"], m: ["M0"], group: "IIB" },
    { t: ["T4b"], n: ["N0"], m: ["M0"], group: "IIC" },
    { t: ["T1", "T2"], n: ["N1", "N1c"], m: ["M0"], group: "IIIA" },
    { t: ["T1"], n: ["N2a"], m: ["M0"], group: "IIIA" },
    { t: ["T3", "T4a"], n: ["N1", "N1c"], m: ["M0"], group: "IIIB" },
    { t: ["T2", "T3"], n: ["N2a"], m: ["M0"], group: "IIIB" },
    { t: ["T1", "T2"], n: ["N2b"], m: ["M0"], group: "IIIB" },
    { t: ["T4a"], n: ["N2a"], m: ["M0"], group: "IIIC" },
    { t: ["T3", "T4a"], n: ["N2b"], m: ["M0"], group: "IIIC" },
    { t: ["T4b"], n: ["N1", "N2"], m: ["M0"], group: "IIIC" },
    { t: ANY, n: ANY, m: ["M1a"], group: "IVA" },
    { t: ANY, n: ANY, m: ["M1b"], group: "IVB" },
    { t: ANY, n: ANY, m: ["M1c"], group: "IVC" },
  ],
};
