import type { Db } from "../db-types";

export type NotificationKindName = "AGENDA_PUBLISHED" | "TASK_ASSIGNED" | "CASE_REFERRED" | "CASE_MOVED" | "DECISION_SIGNED" | "MEETING_CANCELLED" | "RELATIONSHIP_DECLARED" | "EXPERT_OPINION";

/** In-app messages to several users in one statement. Titles name no more patient data than the users may see. */
export async function notifyUsers(db: Db, userIds: readonly string[], message: { kind: NotificationKindName; title: string; body?: string; link?: string | null }) {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return 0;
  const { count } = await db.notification.createMany({
    data: unique.map((userId) => ({ userId, kind: message.kind, title: message.title, body: message.body ?? "", link: message.link ?? null })),
  });
  return count;
}
