import type { AccessCases } from "../../testing/access-matrix";

// Administrator only: every clinical role and the anonymous caller are refused. The admin's calls leave the shared
// fixture as it was (an out-of-date revision is a conflict, not a change).
export const access: AccessCases = {
  "userAdmin.overview": { allowed: ["admin"], call: (c) => c.userAdmin.overview() },
  "userAdmin.list": { allowed: ["admin"], call: (c) => c.userAdmin.list({ search: "chair" }) },
  "userAdmin.get": { allowed: ["admin"], call: (c, f) => c.userAdmin.get({ userId: f.users.chair.id }) },
  "userAdmin.create": {
    allowed: ["admin"],
    call: (c) => c.userAdmin.create({ name: "Matrix User", email: "matrix-user@test.example", role: "SPECIALIST", specialty: "PATHOLOGY", boardIds: [] }),
  },
  "userAdmin.update": {
    allowed: ["admin"],
    call: (c, f) => c.userAdmin.update({ userId: f.users.chair.id, revision: 999, name: "chair", role: "CHAIR", specialty: null, boardIds: [f.boardA.id] }),
  },
  "userAdmin.deactivate": { allowed: ["admin"], call: (c, f) => c.userAdmin.deactivate({ userId: f.users.chair.id, revision: 999 }) },
  "userAdmin.reactivate": { allowed: ["admin"], call: (c, f) => c.userAdmin.reactivate({ userId: f.users.chair.id, revision: 999 }) },
  "userAdmin.sendSetPasswordLink": { allowed: ["admin"], call: (c, f) => c.userAdmin.sendSetPasswordLink({ userId: f.users.outsiderChair.id, origin: "http://127.0.0.1:3000" }) },
};
