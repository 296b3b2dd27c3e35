import type { AccessCases } from "../../testing/access-matrix";

const EVERYONE = ["admin", "chair", "specialist", "coordinator", "researcher", "outsiderChair"] as const;

export const access: AccessCases = {
  "notification.list": { allowed: EVERYONE, call: (c) => c.notification.list() },
  "notification.markRead": { allowed: EVERYONE, call: (c) => c.notification.markRead({ ids: "all" }) },
};
