// Fictional demo patients and referrals: names, numbers and histories are invented. Real imaging is attached
// separately, to the patients whose MRN matches the Patient ID in the DICOM files (LIDC-IDRI-0001, 1CT1, 123565,
// 99000): those four MRNs are the real files' Patient IDs, the names beside them are invented.
import type { ClinicalQuestionType, Sex, Urgency } from "@/generated/prisma/enums";

export interface DemoPatient {
  mrn: string;
  familyName: string;
  givenName: string;
  birthDate: string;
  sex: Sex;
  board: "thoracic" | "breast" | "colorectal";
  topography: [code: string, display: string];
  morphology: [code: string, display: string];
  questionType: ClinicalQuestionType;
  question: string;
  urgency: Urgency;
}

const LUNG_ADENO: [string, string] = ["8140/3", "Adenocarcinoma, NOS"];
const LUNG_SCC: [string, string] = ["8070/3", "Squamous cell carcinoma, NOS"];
const BREAST_NST: [string, string] = ["8500/3", "Infiltrating duct carcinoma, NOS"];
const BREAST_LOB: [string, string] = ["8520/3", "Lobular carcinoma, NOS"];
const CRC_ADENO: [string, string] = ["8140/3", "Adenocarcinoma, NOS"];

export const DEMO_PATIENTS: DemoPatient[] = [
  // Thoracic. LIDC-IDRI-0001 carries the real chest CT with the nodule the four LIDC radiologists marked.
  { mrn: "LIDC-IDRI-0001", familyName: "Lindqvist", givenName: "Harald", birthDate: "1951-03-14", sex: "MALE", board: "thoracic", topography: ["C34.3", "Lower lobe, lung"], morphology: LUNG_ADENO, questionType: "DIAGNOSIS", question: "Spiculated left lower lobe nodule on screening CT, radiologists rate it highly suspicious. Biopsy or primary resection?", urgency: "URGENT" },
  { mrn: "1CT1", familyName: "Okafor", givenName: "Grace", birthDate: "1958-07-02", sex: "FEMALE", board: "thoracic", topography: ["C34.3", "Lower lobe, lung"], morphology: LUNG_ADENO, questionType: "PRIMARY_TREATMENT", question: "EGFR exon 19 deletion, cT2aN2M0. Induction systemic therapy before surgery, or definitive chemoradiation?", urgency: "ROUTINE" },
  { mrn: "MRN-100103", familyName: "Brennan", givenName: "Thomas", birthDate: "1947-11-21", sex: "MALE", board: "thoracic", topography: ["C34.1", "Upper lobe, lung"], morphology: LUNG_SCC, questionType: "STAGING", question: "Central squamous tumour with enlarged subcarinal node. EBUS staging sufficient, or mediastinoscopy?", urgency: "URGENT" },
  { mrn: "MRN-100104", familyName: "Moreau", givenName: "Elise", birthDate: "1963-05-30", sex: "FEMALE", board: "thoracic", topography: ["C34.9", "Lung, NOS"], morphology: LUNG_ADENO, questionType: "RECURRENCE", question: "New left adrenal lesion 18 months after lobectomy. Oligometastatic: local ablative treatment?", urgency: "ROUTINE" },
  { mrn: "MRN-100105", familyName: "Haddad", givenName: "Samir", birthDate: "1955-01-09", sex: "MALE", board: "thoracic", topography: ["C34.3", "Lower lobe, lung"], morphology: LUNG_SCC, questionType: "PRIMARY_TREATMENT", question: "pT2bN1 after lobectomy, PD-L1 60%. Adjuvant chemo-immunotherapy?", urgency: "ROUTINE" },
  { mrn: "MRN-100106", familyName: "Novak", givenName: "Irena", birthDate: "1969-09-17", sex: "FEMALE", board: "thoracic", topography: ["C34.1", "Upper lobe, lung"], morphology: LUNG_ADENO, questionType: "FOLLOW_UP", question: "Ground-glass nodule 11 mm, stable for 2 years. Continue surveillance or resect?", urgency: "ROUTINE" },
  { mrn: "MRN-100107", familyName: "Castillo", givenName: "Ramon", birthDate: "1950-12-03", sex: "MALE", board: "thoracic", topography: ["C34.2", "Middle lobe, lung"], morphology: LUNG_ADENO, questionType: "PRIMARY_TREATMENT", question: "Stage IA2 in a patient with FEV1 45%. SBRT instead of surgery?", urgency: "ROUTINE" },
  { mrn: "123565", familyName: "Fischer", givenName: "Anna", birthDate: "1966-04-25", sex: "FEMALE", board: "thoracic", topography: ["C34.3", "Lower lobe, lung"], morphology: LUNG_ADENO, questionType: "PRIMARY_TREATMENT", question: "ALK-rearranged, brain metastases on MRI. First-line TKI and role of stereotactic radiosurgery?", urgency: "URGENT" },
  { mrn: "MRN-100109", familyName: "Kowalski", givenName: "Piotr", birthDate: "1959-08-11", sex: "MALE", board: "thoracic", topography: ["C34.1", "Upper lobe, lung"], morphology: LUNG_SCC, questionType: "STAGING", question: "Pancoast tumour; MRI of the brachial plexus done. Resectable after induction chemoradiation?", urgency: "ROUTINE" },
  { mrn: "MRN-100110", familyName: "Ahmed", givenName: "Fatima", birthDate: "1972-02-28", sex: "FEMALE", board: "thoracic", topography: ["C34.9", "Lung, NOS"], morphology: LUNG_ADENO, questionType: "OTHER", question: "Pleural effusion, cytology negative twice. Thoracoscopy before staging is final?", urgency: "ROUTINE" },
  // Breast.
  { mrn: "MRN-200201", familyName: "Jansen", givenName: "Marieke", birthDate: "1974-06-19", sex: "FEMALE", board: "breast", topography: ["C50.4", "Upper-outer quadrant of breast"], morphology: BREAST_NST, questionType: "PRIMARY_TREATMENT", question: "ER+/HER2-, cT2N0. Primary surgery or neoadjuvant endocrine therapy?", urgency: "ROUTINE" },
  { mrn: "MRN-200202", familyName: "Rossi", givenName: "Giulia", birthDate: "1981-10-05", sex: "FEMALE", board: "breast", topography: ["C50.2", "Upper-inner quadrant of breast"], morphology: BREAST_NST, questionType: "PRIMARY_TREATMENT", question: "Triple negative, cT2N1. Neoadjuvant chemo-immunotherapy?", urgency: "URGENT" },
  { mrn: "MRN-200203", familyName: "Nguyen", givenName: "Linh", birthDate: "1968-03-12", sex: "FEMALE", board: "breast", topography: ["C50.9", "Breast, NOS"], morphology: BREAST_LOB, questionType: "STAGING", question: "Lobular carcinoma, MRI shows a second lesion. Multicentric disease: mastectomy?", urgency: "ROUTINE" },
  { mrn: "MRN-200204", familyName: "Schmidt", givenName: "Petra", birthDate: "1957-12-24", sex: "FEMALE", board: "breast", topography: ["C50.4", "Upper-outer quadrant of breast"], morphology: BREAST_NST, questionType: "PRIMARY_TREATMENT", question: "HER2+, residual disease after neoadjuvant therapy. Switch to T-DM1?", urgency: "ROUTINE" },
  { mrn: "MRN-200205", familyName: "O'Neill", givenName: "Siobhan", birthDate: "1985-01-30", sex: "FEMALE", board: "breast", topography: ["C50.8", "Overlapping lesion of breast"], morphology: BREAST_NST, questionType: "OTHER", question: "BRCA2 carrier, 36 years. Risk-reducing contralateral mastectomy at the same time?", urgency: "ROUTINE" },
  { mrn: "MRN-200206", familyName: "Dubois", givenName: "Claire", birthDate: "1962-08-08", sex: "FEMALE", board: "breast", topography: ["C50.4", "Upper-outer quadrant of breast"], morphology: BREAST_NST, questionType: "RECURRENCE", question: "Local recurrence in the scar 6 years after breast-conserving therapy.", urgency: "URGENT" },
  { mrn: "MRN-200207", familyName: "Yilmaz", givenName: "Ayse", birthDate: "1970-05-16", sex: "FEMALE", board: "breast", topography: ["C50.1", "Central portion of breast"], morphology: BREAST_LOB, questionType: "PRIMARY_TREATMENT", question: "pT1cN1a, Oncotype recurrence score 14, postmenopausal. Chemotherapy?", urgency: "ROUTINE" },
  { mrn: "MRN-200208", familyName: "Kim", givenName: "Soo-ah", birthDate: "1977-11-02", sex: "FEMALE", board: "breast", topography: ["C50.4", "Upper-outer quadrant of breast"], morphology: BREAST_NST, questionType: "FOLLOW_UP", question: "Response assessment after 4 cycles: radiological complete response. Surgery plan?", urgency: "ROUTINE" },
  { mrn: "MRN-200209", familyName: "Andersson", givenName: "Karin", birthDate: "1949-09-09", sex: "FEMALE", board: "breast", topography: ["C50.9", "Breast, NOS"], morphology: BREAST_NST, questionType: "PRIMARY_TREATMENT", question: "83 years, frail, ER-rich cT2. Primary endocrine therapy?", urgency: "ROUTINE" },
  { mrn: "MRN-200210", familyName: "Silva", givenName: "Beatriz", birthDate: "1988-04-04", sex: "FEMALE", board: "breast", topography: ["C50.4", "Upper-outer quadrant of breast"], morphology: BREAST_NST, questionType: "DIAGNOSIS", question: "BI-RADS 4c lesion, core biopsy shows atypia only. Repeat biopsy or excision?", urgency: "URGENT" },
  // Colorectal. The dcmqi liver CT is attached to the patient whose MRN matches its Patient ID (set at seed time).
  { mrn: "99000", familyName: "Petrov", givenName: "Dmitri", birthDate: "1956-02-17", sex: "MALE", board: "colorectal", topography: ["C18.7", "Sigmoid colon"], morphology: CRC_ADENO, questionType: "RECURRENCE", question: "Liver lesions on CT two years after sigmoid resection. Resectable liver metastases?", urgency: "URGENT" },
  { mrn: "MRN-300302", familyName: "Murphy", givenName: "Sean", birthDate: "1961-07-07", sex: "MALE", board: "colorectal", topography: ["C20.9", "Rectum, NOS"], morphology: CRC_ADENO, questionType: "PRIMARY_TREATMENT", question: "Low rectal cancer, MRI cT3cN1, CRM threatened. Total neoadjuvant therapy?", urgency: "URGENT" },
  { mrn: "MRN-300303", familyName: "Weber", givenName: "Ingrid", birthDate: "1953-10-29", sex: "FEMALE", board: "colorectal", topography: ["C18.2", "Ascending colon"], morphology: CRC_ADENO, questionType: "PRIMARY_TREATMENT", question: "pT3N0, MSI-high. Adjuvant therapy indicated?", urgency: "ROUTINE" },
  { mrn: "MRN-300304", familyName: "Tanaka", givenName: "Hiroshi", birthDate: "1948-06-13", sex: "MALE", board: "colorectal", topography: ["C20.9", "Rectum, NOS"], morphology: CRC_ADENO, questionType: "FOLLOW_UP", question: "Clinical complete response after chemoradiation. Watch and wait?", urgency: "ROUTINE" },
  { mrn: "MRN-300305", familyName: "Lopez", givenName: "Maria", birthDate: "1967-03-03", sex: "FEMALE", board: "colorectal", topography: ["C18.0", "Caecum"], morphology: CRC_ADENO, questionType: "STAGING", question: "Indeterminate 6 mm lung nodules at staging CT. Stage as M0?", urgency: "ROUTINE" },
  { mrn: "MRN-300306", familyName: "Berg", givenName: "Ole", birthDate: "1959-12-12", sex: "MALE", board: "colorectal", topography: ["C18.7", "Sigmoid colon"], morphology: CRC_ADENO, questionType: "PRIMARY_TREATMENT", question: "Obstructing sigmoid tumour, stented. Timing of resection?", urgency: "URGENT" },
  { mrn: "MRN-300307", familyName: "Ivanova", givenName: "Olga", birthDate: "1964-08-21", sex: "FEMALE", board: "colorectal", topography: ["C19.9", "Rectosigmoid junction"], morphology: CRC_ADENO, questionType: "PRIMARY_TREATMENT", question: "KRAS G12C, peritoneal disease. Systemic therapy line and trial options?", urgency: "ROUTINE" },
  { mrn: "MRN-300308", familyName: "Clarke", givenName: "David", birthDate: "1971-01-19", sex: "MALE", board: "colorectal", topography: ["C18.4", "Transverse colon"], morphology: CRC_ADENO, questionType: "DIAGNOSIS", question: "Malignant polyp, Haggitt level 4, removed en bloc. Completion surgery?", urgency: "ROUTINE" },
  { mrn: "MRN-300309", familyName: "Hansen", givenName: "Lise", birthDate: "1952-05-05", sex: "FEMALE", board: "colorectal", topography: ["C20.9", "Rectum, NOS"], morphology: CRC_ADENO, questionType: "RECURRENCE", question: "Rising CEA, PET-CT shows presacral uptake. Re-irradiation or surgery?", urgency: "ROUTINE" },
  { mrn: "MRN-300310", familyName: "Costa", givenName: "Paulo", birthDate: "1975-09-27", sex: "MALE", board: "colorectal", topography: ["C18.7", "Sigmoid colon"], morphology: CRC_ADENO, questionType: "OTHER", question: "Lynch syndrome confirmed. Extent of colectomy?", urgency: "ROUTINE" },
];

/**
 * Fictional general practitioners who receive the board's letters, by MRN. A few patients have none on purpose, to
 * show the "add the GP first" message (e.g. MRN-100110, MRN-200210, MRN-300305).
 */
export const DEMO_GPS: Record<string, { name: string; address: string }> = Object.fromEntries(
  (
    [
      ["LIDC-IDRI-0001", "Dr Maren Solberg", "Fjordveien Health Centre\n12 Fjordveien\nBergen"],
      ["1CT1", "Dr Thomas Hale", "Riverside Surgery\n4 Mill Lane\nOxford OX1 2AB"],
      ["MRN-100103", "Dr Aoife Kearney", "Quayside Medical Practice\n7 Harbour Road\nCork"],
      ["MRN-100104", "Dr Jean-Luc Bernard", "Cabinet médical du Parc\n18 rue des Lilas\nLyon"],
      ["MRN-100105", "Dr Nadia Rahman", "Cedar Family Practice\n22 Cedar Avenue\nLeeds LS6 1AA"],
      ["MRN-100106", "Dr Tomáš Dvořák", "Praktický lékař\nNádražní 14\nBrno"],
      ["MRN-100107", "Dr Lucía Fernández", "Centro de Salud San Pablo\nCalle Mayor 3\nZaragoza"],
      ["123565", "Dr Jörg Weißmann", "Hausarztpraxis am Markt\nMarktplatz 2\nFreiburg"],
      ["MRN-100109", "Dr Agnieszka Wróbel", "Przychodnia Rodzinna\nul. Długa 9\nGdańsk"],
      ["MRN-200201", "Dr Sanne de Vries", "Huisartsenpraktijk De Linde\nLindelaan 5\nUtrecht"],
      ["MRN-200202", "Dr Marco Bianchi", "Studio Medico Bianchi\nVia Roma 21\nBologna"],
      ["MRN-200203", "Dr Emily Carter", "Northgate Health Centre\n3 Northgate\nYork YO1 7HH"],
      ["MRN-200204", "Dr Klaus Richter", "Praxis Dr. Richter\nLindenstraße 40\nHamburg"],
      ["MRN-200205", "Dr Ciarán Walsh", "Liffey Medical\n11 Ormond Quay\nDublin 7"],
      ["MRN-200206", "Dr Hélène Martin", "Maison de santé des Tilleuls\n5 place de la Mairie\nNantes"],
      ["MRN-200207", "Dr Mehmet Öztürk", "Aile Sağlığı Merkezi\nAtatürk Caddesi 88\nİzmir"],
      ["MRN-200208", "Dr Ji-woo Park", "Greenfield Practice\n19 Station Road\nCambridge CB1 2JW"],
      ["MRN-200209", "Dr Ingrid Lund", "Vårdcentralen Söder\nGötgatan 30\nStockholm"],
      ["99000", "Dr Pavel Smirnov", "Family Medicine Clinic\n6 Elm Street\nTallinn"],
      ["MRN-300302", "Dr Fiona MacLeod", "Glen Medical Group\n2 Burn Road\nInverness IV2 3PY"],
      ["MRN-300303", "Dr Stefan Huber", "Ordination Dr. Huber\nHauptplatz 1\nGraz"],
      ["MRN-300304", "Dr Yuki Sato", "Hillside Surgery\n8 Hill Street\nBath BA1 1AA"],
      ["MRN-300306", "Dr Erik Nilsen", "Legesenteret Sentrum\nStorgata 15\nOslo"],
      ["MRN-300307", "Dr Elena Popescu", "Cabinet Medical Popescu\nStrada Florilor 10\nCluj-Napoca"],
      ["MRN-300308", "Dr Rachel Green", "Parkside Medical Centre\n1 Park Row\nBristol BS1 5LJ"],
      ["MRN-300309", "Dr Mette Jørgensen", "Lægehuset ved Søen\nSøgade 4\nAarhus"],
      ["MRN-300310", "Dr João Almeida", "Unidade de Saúde Familiar\nRua das Flores 12\nPorto"],
    ] as const
  ).map(([mrn, name, address]) => [mrn, { name, address }]),
);
