import type { Db } from "../db-types";

/** The user's latest notifications, newest first, and how many are unread. */
export async function listNotifications(db: Db, userId: string, limit = 30) {
  const [items, unread] = await Promise.all([
    db.notification.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, take: limit, select: { id: true, kind: true, title: true, body: true, link: true, readAt: true, createdAt: true } }),
    db.notification.count({ where: { userId, readAt: null } }),
  ]);
  return { unread, items };
}

/** Marks the given notifications of the user as read (or all of them); never touches another user's. */
export async function markNotificationsRead(db: Db, userId: string, ids: readonly string[] | "all", now = new Date()) {
  const { count } = await db.notification.updateMany({
    where: { userId, readAt: null, ...(ids === "all" ? {} : { id: { in: [...ids] } }) },
    data: { readAt: now },
  });
  return { marked: count };
}
