/** Roles and specialties, mirrored from the Prisma enums so that the domain layer stays free of I/O imports. */
export const ROLES = ["ADMIN", "CHAIR", "SPECIALIST", "COORDINATOR", "RESEARCHER"] as const;
export type RoleName = (typeof ROLES)[number];

/** Roles that take part in boards and may see the patients of the boards they belong to. */
export const CLINICAL_ROLES = ["CHAIR", "SPECIALIST", "COORDINATOR"] as const satisfies readonly RoleName[];
/** Roles that record a board's decision. */
export const DECISION_RECORDERS = ["CHAIR", "COORDINATOR"] as const satisfies readonly RoleName[];

export const ROLE_LABELS: Record<RoleName, string> = {
  ADMIN: "Administrator",
  CHAIR: "Chair",
  SPECIALIST: "Specialist",
  COORDINATOR: "Coordinator",
  RESEARCHER: "Researcher",
};

export const SPECIALTIES = [
  "RADIOLOGY",
  "PATHOLOGY",
  "MEDICAL_ONCOLOGY",
  "SURGERY",
  "RADIATION_ONCOLOGY",
  "NUCLEAR_MEDICINE",
  "OTHER",
] as const;
export type SpecialtyName = (typeof SPECIALTIES)[number];

export const SPECIALTY_LABELS: Record<SpecialtyName, string> = {
  RADIOLOGY: "Radiology",
  PATHOLOGY: "Pathology",
  MEDICAL_ONCOLOGY: "Medical oncology",
  SURGERY: "Surgery",
  RADIATION_ONCOLOGY: "Radiation oncology",
  NUCLEAR_MEDICINE: "Nuclear medicine",
  OTHER: "Other",
};
