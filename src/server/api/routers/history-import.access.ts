import type { AccessCases } from "../../testing/access-matrix";

/** A one-row history (a dry run writes nothing but its audit event; the run imports into board A). */
const CSV = [
  "case_external_id,mrn,family_name,given_name,birth_date,sex,topography_code,morphology_code,referral_date,discussion_date,intent,modalities,recommendation",
  "ACCESS-1,ACCESS-MRN-1,Matrix,Row,1955-05-05,MALE,C34.1,8140/3,2024-01-02,2024-01-10,CURATIVE,SURGERY,Lobectomy",
].join("\n");

export const access: AccessCases = {
  "historyImport.columns": { allowed: ["chair", "coordinator"], call: (c, f) => c.historyImport.columns({ boardId: f.boardA.id }) },
  "historyImport.preview": { allowed: ["chair", "coordinator"], call: (c, f) => c.historyImport.preview({ boardId: f.boardA.id, format: "csv", content: CSV }) },
  "historyImport.run": { allowed: ["chair", "coordinator"], call: (c, f) => c.historyImport.run({ boardId: f.boardA.id, format: "csv", content: CSV }) },
};
