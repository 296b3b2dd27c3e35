import { beforeAll, describe, expect, it } from "vitest";
import { type Fixture, setUpFixture } from "../../testing/fixture";

const fixture = setUpFixture();
let f: Fixture;
beforeAll(() => {
  f = fixture();
});

describe("notifications", () => {
  it("lists only the user's own notifications, newest first, with the unread count, and marks them read", async () => {
    await f.db.notification.createMany({
      data: [
        { userId: f.users.specialist.id, kind: "AGENDA_PUBLISHED", title: "Old", createdAt: new Date(Date.now() - 60_000) },
        { userId: f.users.specialist.id, kind: "TASK_ASSIGNED", title: "New", link: "/cases/x" },
        { userId: f.users.chair.id, kind: "CASE_REFERRED", title: "Chair's" },
      ],
    });
    const specialist = await f.callerFor("specialist");
    const list = await specialist.notification.list();
    expect(list.unread).toBe(2);
    expect(list.items.map((n) => n.title)).toEqual(["New", "Old"]);

    // Another user's notification ID changes nothing.
    const chairs = await f.db.notification.findFirstOrThrow({ where: { userId: f.users.chair.id } });
    expect(await specialist.notification.markRead({ ids: [chairs.id] })).toEqual({ marked: 0 });
    expect(await specialist.notification.markRead({ ids: [list.items[0]!.id] })).toEqual({ marked: 1 });
    expect((await specialist.notification.list()).unread).toBe(1);
    expect(await specialist.notification.markRead({ ids: "all" })).toEqual({ marked: 1 });
    expect((await specialist.notification.list()).unread).toBe(0);
    expect((await (await f.callerFor("chair")).notification.list()).unread).toBe(1);
  });
});
