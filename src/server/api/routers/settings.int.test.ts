import { beforeAll, describe, expect, it } from "vitest";
import { type Fixture, setUpFixture } from "../../testing/fixture";

const fixture = setUpFixture();
let f: Fixture;
beforeAll(() => {
  f = fixture();
});

const letterhead = { hospital: "Example University Hospital", department: "Tumour Board", address: "Hospital Lane 1\n1000 AA Example", phone: "+31 (0)20 555-0100", email: "mdt@example.org" };

describe("settings.letterhead", () => {
  it("has a sensible default until an administrator sets one", async () => {
    const admin = await f.callerFor("admin");
    expect(await admin.settings.letterhead()).toMatchObject({ hospital: "Concilium Hospital", department: "Multidisciplinary Tumour Board", isDefault: true, updatedAt: null });
  });

  it("is saved by an administrator, trimmed, and audited with what changed", async () => {
    const admin = await f.callerFor("admin");
    const saved = await admin.settings.updateLetterhead({ ...letterhead, hospital: "  Example University Hospital  " });
    expect(saved).toMatchObject({ ...letterhead, isDefault: false });
    expect(await admin.settings.letterhead()).toMatchObject({ ...letterhead, isDefault: false, updatedAt: expect.any(Date) });
    const row = await f.db.siteSetting.findUniqueOrThrow({ where: { key: "letterhead" } });
    expect(row.updatedById).toBe(f.users.admin.id);
    const event = await f.db.auditEvent.findFirstOrThrow({ where: { action: "settings.update" }, orderBy: { id: "desc" } });
    expect(event).toMatchObject({ actorId: f.users.admin.id, entityType: "SiteSetting", entityId: "letterhead", patientId: null, detail: { changed: ["hospital", "department", "address", "phone", "email"] } });
    await admin.settings.updateLetterhead({ ...letterhead, phone: "" });
    const second = await f.db.auditEvent.findFirstOrThrow({ where: { action: "settings.update" }, orderBy: { id: "desc" } });
    expect(second.detail).toEqual({ changed: ["phone"] });
  });

  it("refuses bad input with messages that say what to fix, and keeps the letterhead", async () => {
    const admin = await f.callerFor("admin");
    const before = await admin.settings.letterhead();
    await expect(admin.settings.updateLetterhead({ ...letterhead, hospital: "   " })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Enter the hospital's name.") });
    await expect(admin.settings.updateLetterhead({ ...letterhead, email: "mdt at example" })).rejects.toMatchObject({ message: expect.stringContaining("Enter a valid e-mail address, or leave it empty.") });
    await expect(admin.settings.updateLetterhead({ ...letterhead, phone: "call me" })).rejects.toMatchObject({ message: expect.stringContaining("A phone number has digits") });
    await expect(admin.settings.updateLetterhead({ ...letterhead, address: "1\n2\n3\n4\n5\n6\n7" })).rejects.toMatchObject({ message: expect.stringContaining("at most 6 lines") });
    expect(await admin.settings.letterhead()).toEqual(before);
  });

  it("is refused to clinical roles", async () => {
    for (const actor of ["chair", "coordinator", "specialist"] as const) {
      await expect((await f.callerFor(actor)).settings.updateLetterhead(letterhead)).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });
});
