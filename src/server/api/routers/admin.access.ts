import type { AccessCases } from "../../testing/access-matrix";

export const access: AccessCases = {
  "admin.users": { allowed: ["admin"], call: (c) => c.admin.users() },
  "admin.auditLog": { allowed: ["admin"], call: (c) => c.admin.auditLog({ limit: 10 }) },
  "admin.auditExport": { allowed: ["admin"], call: (c) => c.admin.auditExport({ action: "case." }) },
};
