import type { PrismaClient, Specialty } from "@/generated/prisma/client";
import { evaluateQuorum } from "@/domain/meetings/quorum";
import type { ReadinessRule } from "@/domain/readiness/readiness";

/** The demo boards' readiness rules: what each board wants to see before it discusses a case. */
export const DEMO_READINESS_RULES: Record<"thoracic" | "breast" | "colorectal", ReadinessRule[]> = {
  thoracic: [
    // No body part: the demo's real chest CTs carry no study description to match it against.
    { key: "ct-chest", label: "CT chest within 56 days", kind: "IMAGING", modality: "CT", maxAgeDays: 56, responsibleSpecialty: "RADIOLOGY" },
    { key: "pathology", label: "Pathology report or slide", kind: "PATHOLOGY", responsibleSpecialty: "PATHOLOGY" },
    { key: "ai-reviewed", label: "AI findings reviewed", kind: "AI_FINDINGS_REVIEWED", responsibleSpecialty: "RADIOLOGY" },
    { key: "ecog", label: "ECOG recorded within 30 days", kind: "ECOG", maxAgeDays: 30, responsibleSpecialty: "MEDICAL_ONCOLOGY" },
  ],
  breast: [
    { key: "mri-breast", label: "MRI breast within 42 days", kind: "IMAGING", modality: "MR", bodyPart: "breast", maxAgeDays: 42, responsibleSpecialty: "RADIOLOGY" },
    { key: "pathology", label: "Core biopsy pathology", kind: "PATHOLOGY", responsibleSpecialty: "PATHOLOGY" },
    { key: "ecog", label: "ECOG recorded within 30 days", kind: "ECOG", maxAgeDays: 30, responsibleSpecialty: "MEDICAL_ONCOLOGY" },
  ],
  colorectal: [
    { key: "ct-staging", label: "Staging CT within 56 days", kind: "IMAGING", modality: "CT", maxAgeDays: 56, responsibleSpecialty: "RADIOLOGY" },
    { key: "mri-pelvis", label: "MRI pelvis within 42 days", kind: "IMAGING", modality: "MR", bodyPart: "pelvis", maxAgeDays: 42, responsibleSpecialty: "RADIOLOGY" },
    { key: "pathology", label: "Biopsy pathology", kind: "PATHOLOGY", responsibleSpecialty: "PATHOLOGY" },
    { key: "ecog", label: "ECOG recorded within 30 days", kind: "ECOG", maxAgeDays: 30, responsibleSpecialty: "SURGERY" },
  ],
};

/** Invented referring physicians for the demo's letters; every fifth case has none (a referral from inside). */
// Hospital specialists who refer to the boards: none of them is a patient's GP, whose letter is a separate one.
export const DEMO_REFERRING_PHYSICIANS = [
  { name: "Dr Maria Lindgren", specialty: "Pulmonology, Karolinska Chest Clinic", address: "Storgatan 12, 111 22 Stockholm", email: "maria.lindgren@chest.example.org" },
  { name: "Dr Peter Hughes", specialty: "Respiratory medicine, St Anne's Hospital", address: "Chest Clinic, 4 Park Road", email: "p.hughes@st-annes.example.org" },
  { name: "Dr Aisha Okafor", specialty: "Breast surgery, Riverside Hospital", address: "18 Mill Lane", email: null },
  { name: "Dr Jan de Vries", specialty: "Gastroenterology, Westside Hospital", address: "Endoscopy Unit, 2 Harbour Street", email: "j.devries@westside.example.org" },
];

/**
 * Who attended the demo's past meetings: every member of the board (the chair who signs among them), except that
 * one specialty stays away from one meeting so the demo shows a decision made without quorum. Returns the quorum,
 * for the decisions to record when they are created (an update afterwards would date them after their signature).
 */
export async function seedDemoAttendance(db: PrismaClient, meetingId: string, options: { absentSpecialty: Specialty | null; recordedById: string }) {
  const meeting = await db.meeting.findUniqueOrThrow({
    where: { id: meetingId },
    select: { startsAt: true, board: { select: { quorumSpecialties: true, memberships: { select: { user: { select: { id: true, role: true, specialty: true } } } } } } },
  });
  const attendees = meeting.board.memberships
    .map((m) => m.user)
    .filter((u) => u.role !== "ADMIN" && u.specialty !== options.absentSpecialty)
    .map((u, i) => ({ meetingId, userId: u.id, specialty: u.specialty ?? ("OTHER" as const), mode: i % 4 === 3 ? ("REMOTE" as const) : ("IN_ROOM" as const), recordedById: options.recordedById, recordedAt: meeting.startsAt }));
  await db.attendance.createMany({ data: attendees });
  return evaluateQuorum(meeting.board.quorumSpecialties, attendees);
}
