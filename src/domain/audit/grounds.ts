/** On what ground a user reached the data an audit event is about (NEN 7513); mirrors enum AuditGround in prisma/schema.prisma. */
export const AUDIT_GROUNDS = ["BOARD_MEMBERSHIP", "DECLARED_RELATIONSHIP", "EMERGENCY", "ADMINISTRATION", "EXPERT_SHARE", "MEETING_GUEST"] as const;
export type AuditGroundName = (typeof AUDIT_GROUNDS)[number];

export const AUDIT_GROUND_LABELS: Record<AuditGroundName, string> = {
  BOARD_MEMBERSHIP: "Board membership",
  DECLARED_RELATIONSHIP: "Declared relationship",
  EMERGENCY: "Emergency access",
  ADMINISTRATION: "Administration",
  EXPERT_SHARE: "Second-opinion link (outside expert)",
  MEETING_GUEST: "Meeting guest invitation",
};
