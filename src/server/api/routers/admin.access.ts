import type { AccessCases } from "../../testing/access-matrix";

export const access: AccessCases = {
  "admin.users": { allowed: ["admin"], call: (c) => c.admin.users() },
  "admin.auditLog": { allowed: ["admin"], call: (c) => c.admin.auditLog({ limit: 10 }) },
  "admin.auditExport": { allowed: ["admin"], call: (c) => c.admin.auditExport({ action: "case." }) },
  "admin.relationships": { allowed: ["admin"], call: (c) => c.admin.relationships({ pendingOnly: false }) },
  // No relationship in the fixture: the admin gets NOT_FOUND, everyone else is refused before that.
  "admin.reviewRelationship": { allowed: ["admin"], call: (c) => c.admin.reviewRelationship({ relationshipId: "no-such-relationship" }) },
  "admin.dicomwebPeers": { allowed: ["admin"], call: (c) => c.admin.dicomwebPeers() },
  // A board slug that does not exist: the admin is told so (BAD_REQUEST), everyone else is refused before that.
  "admin.addDicomwebPeer": { allowed: ["admin"], call: (c) => c.admin.addDicomwebPeer({ name: "Matrix PACS", boardSlugs: ["no-such-board"] }) },
  "admin.revokeDicomwebPeer": { allowed: ["admin"], call: (c) => c.admin.revokeDicomwebPeer({ name: "No such peer" }) },
};
