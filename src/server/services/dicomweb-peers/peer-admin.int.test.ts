/** The administrator's DICOMweb peer page through the router: add shows the token once, revoke refuses it, both audited. */
import { describe, expect, it } from "vitest";
import { setUpFixture } from "@/server/testing/fixture";
import { recordAudit } from "../audit/record-audit";
import { authenticatePeer } from "./peer-credential";

const fixture = setUpFixture();

describe("DICOMweb peers on the admin page", () => {
  it("adds a peer whose token works and is kept only as a digest, lists it with its last request, and revokes it", async () => {
    const f = fixture();
    const admin = await f.callerFor("admin");
    const { name, token } = await admin.admin.addDicomwebPeer({ name: " Admin page PACS ", boardSlugs: ["a"] });
    expect(name).toBe("Admin page PACS");
    expect(await authenticatePeer(f.db, token)).toMatchObject({ name, boardIds: [f.boardA.id] });
    expect(JSON.stringify(await f.db.dicomwebPeer.findMany())).not.toContain(token);
    expect(JSON.stringify(await admin.admin.dicomwebPeers())).not.toContain(token);
    const adminUser = f.users.admin;
    expect(await f.db.auditEvent.count({ where: { action: "dicomwebPeer.create", actorId: adminUser.id, ground: "ADMINISTRATION" } })).toBe(1);

    let listed = (await admin.admin.dicomwebPeers()).peers.find((p) => p.name === name)!;
    expect(listed).toMatchObject({ boards: ["a"], createdBy: adminUser.email, lastUsedAt: null, revokedAt: null });
    await recordAudit(f.db, { id: null, email: `dicomweb-peer:${name}` }, { action: "dicomweb.read", entityType: "ImagingStudy", entityId: "1.2.3" });
    listed = (await admin.admin.dicomwebPeers()).peers.find((p) => p.name === name)!;
    expect(listed.lastUsedAt).toBeInstanceOf(Date);

    await expect(admin.admin.addDicomwebPeer({ name, boardSlugs: ["a"] })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(admin.admin.addDicomwebPeer({ name: "No boards", boardSlugs: [] })).rejects.toMatchObject({ code: "BAD_REQUEST" });

    await admin.admin.revokeDicomwebPeer({ name });
    expect(await authenticatePeer(f.db, token)).toBeNull();
    expect((await admin.admin.dicomwebPeers()).peers.find((p) => p.name === name)!.revokedAt).toBeInstanceOf(Date);
    expect(await f.db.auditEvent.count({ where: { action: "dicomwebPeer.revoke", actorId: adminUser.id } })).toBe(1);
    await expect(admin.admin.revokeDicomwebPeer({ name })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses every other role: no peer is listed, added or revoked", async () => {
    const f = fixture();
    const { token } = await (await f.callerFor("admin")).admin.addDicomwebPeer({ name: "Refusal PACS", boardSlugs: ["a"] });
    for (const role of ["chair", "specialist", "coordinator"] as const) {
      const caller = await f.callerFor(role);
      await expect(caller.admin.addDicomwebPeer({ name: `By ${role}`, boardSlugs: ["a"] })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.admin.revokeDicomwebPeer({ name: "Refusal PACS" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.admin.dicomwebPeers()).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await f.db.dicomwebPeer.count({ where: { name: { startsWith: "By " } } })).toBe(0);
    expect(await authenticatePeer(f.db, token)).not.toBeNull();
  });
});
