import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { startTestSmtpServer } from "@/integrations/mail/test-smtp-server";
import { checkSetPasswordToken, setPasswordWithToken } from "../../services/admin/users/set-password-with-token";
import { sendSetPasswordLink } from "../../services/admin/users/send-set-password-link";
import { checkAuthSession } from "../../services/auth/check-auth-session";
import { loadSessionUser } from "../../services/auth/load-session-user";
import { startAuthSession } from "../../services/auth/start-auth-session";
import { verifyCredentials } from "../../services/auth/verify-credentials";
import { type Fixture, setUpFixture } from "../../testing/fixture";
import { createCaller } from "../root";
import { createInnerContext } from "../trpc";

const fixture = setUpFixture();
let f: Fixture;
beforeAll(() => {
  f = fixture();
});

const ORIGIN = "http://127.0.0.1:3000";
const tokenOf = (link: string | null) => new URL(link!).searchParams.get("token")!;

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected a refusal");
}

async function callerAs(userId: string) {
  return createCaller(createInnerContext({ db: f.db, user: await loadSessionUser(f.db, userId) }));
}

describe("creating users", () => {
  it("creates a user with a role, specialty and board membership, audited without patient data", async () => {
    const admin = await f.callerFor("admin");
    const created = await admin.userAdmin.create({ name: "Dr New Surgeon", email: "New.Surgeon@Test.Example ", role: "SPECIALIST", specialty: "SURGERY", boardIds: [f.boardA.id] });
    const { users } = await admin.userAdmin.list({ search: "new.surgeon" });
    expect(users).toEqual([
      expect.objectContaining({ id: created.id, email: "new.surgeon@test.example", role: "SPECIALIST", specialty: "SURGERY", active: true, hasPassword: false, lastSignInAt: null, boards: [{ id: f.boardA.id, name: "Board A" }] }),
    ]);
    const audit = await f.db.auditEvent.findFirstOrThrow({ where: { action: "user.create", entityId: created.id } });
    expect(audit).toMatchObject({ actorEmail: "admin@test.example", patientId: null, entityType: "User" });
  });

  it("refuses a second user with the same e-mail, whatever its case", async () => {
    const admin = await f.callerFor("admin");
    const error = await refusal(admin.userAdmin.create({ name: "Copy", email: "CHAIR@test.example", role: "CHAIR", specialty: null, boardIds: [] }));
    expect(error).toEqual({ code: "CONFLICT", message: "A user with this e-mail address already exists." });
  });

  it("refuses a malformed address and a board membership for an administrator", async () => {
    const admin = await f.callerFor("admin");
    expect((await refusal(admin.userAdmin.create({ name: "X", email: "not-an-address", role: "CHAIR", specialty: null, boardIds: [] }))).code).toBe("BAD_REQUEST");
    const error = await refusal(admin.userAdmin.create({ name: "X", email: "x-admin@test.example", role: "ADMIN", specialty: null, boardIds: [f.boardA.id] }));
    expect(error.message).toContain("An administrator belongs to no board");
  });
});

describe("changing role, specialty and boards", () => {
  it("moves a user to another board and role; the change counts on their next request", async () => {
    const admin = await f.callerFor("admin");
    const created = await admin.userAdmin.create({ name: "Movable", email: "movable@test.example", role: "SPECIALIST", specialty: "PATHOLOGY", boardIds: [f.boardA.id] });
    const moved = await admin.userAdmin.update({ userId: created.id, revision: created.revision, name: "Movable", role: "CHAIR", specialty: "MEDICAL_ONCOLOGY", boardIds: [f.boardB.id] });
    expect(moved.revision).toBe(created.revision + 1);
    expect(await loadSessionUser(f.db, created.id)).toMatchObject({ role: "CHAIR", specialty: "MEDICAL_ONCOLOGY", boardIds: [f.boardB.id] });
    // As a chair of board B they now see board B's case and no longer board A's.
    const mover = await callerAs(created.id);
    expect((await refusal(mover.case.get({ caseId: f.caseA.id }))).code).toBe("NOT_FOUND");
    expect(await mover.case.get({ caseId: f.caseB.id })).toMatchObject({ id: f.caseB.id });
    const audit = await f.db.auditEvent.findFirstOrThrow({ where: { action: "user.update", entityId: created.id } });
    expect(audit.detail).toMatchObject({ before: { role: "SPECIALIST" }, after: { role: "CHAIR" }, boardsAdded: [f.boardB.id], boardsRemoved: [f.boardA.id] });
  });

  it("refuses an edit made against an older revision, with a message that says what to do", async () => {
    const admin = await f.callerFor("admin");
    const created = await admin.userAdmin.create({ name: "Contested", email: "contested@test.example", role: "COORDINATOR", specialty: null, boardIds: [] });
    await admin.userAdmin.update({ userId: created.id, revision: created.revision, name: "Contested", role: "COORDINATOR", specialty: null, boardIds: [f.boardA.id] });
    const error = await refusal(admin.userAdmin.update({ userId: created.id, revision: created.revision, name: "Contested", role: "CHAIR", specialty: null, boardIds: [] }));
    expect(error).toEqual({ code: "CONFLICT", message: expect.stringContaining("Someone else changed this user since you opened the page") });
    expect((await admin.userAdmin.get({ userId: created.id })).user).toMatchObject({ role: "COORDINATOR", boardIds: [f.boardA.id], revision: created.revision + 1 });
  });
});

describe("deactivating users", () => {
  it("revokes every open session of the user at once: a session started before is refused after", async () => {
    const admin = await f.callerFor("admin");
    const created = await admin.userAdmin.create({ name: "Leaving", email: "leaving@test.example", role: "SPECIALIST", specialty: "RADIOLOGY", boardIds: [f.boardA.id] });
    const [laptop, workstation] = [await startAuthSession(f.db, created.id), await startAuthSession(f.db, created.id)];
    expect(await checkAuthSession(f.db, laptop.id)).toEqual({ ok: true, userId: created.id });
    expect(await checkAuthSession(f.db, workstation.id)).toEqual({ ok: true, userId: created.id });

    const result = await admin.userAdmin.deactivate({ userId: created.id, revision: created.revision });
    expect(result).toEqual({ revision: created.revision + 1, sessionsRevoked: 2 });
    expect(await checkAuthSession(f.db, laptop.id)).toEqual({ ok: false, ending: "revoked" });
    expect(await checkAuthSession(f.db, workstation.id)).toEqual({ ok: false, ending: "revoked" });
    expect(await loadSessionUser(f.db, created.id)).toBeNull();
    expect((await admin.userAdmin.get({ userId: created.id })).user).toMatchObject({ active: false, openSessions: 0 });

    const back = await admin.userAdmin.reactivate({ userId: created.id, revision: result.revision });
    expect(back.revision).toBe(result.revision + 1);
    expect(await loadSessionUser(f.db, created.id)).toMatchObject({ id: created.id });
    // Reactivation does not bring the revoked sessions back.
    expect((await checkAuthSession(f.db, laptop.id)).ok).toBe(false);
    const actions = (await f.db.auditEvent.findMany({ where: { entityId: created.id }, orderBy: { id: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["user.create", "user.deactivate", "user.reactivate"]);
  });

  it("never leaves the installation without an active administrator", async () => {
    const admin = await f.callerFor("admin");
    const self = (await admin.userAdmin.get({ userId: f.users.admin.id })).user;
    expect(await refusal(admin.userAdmin.deactivate({ userId: self.id, revision: self.revision }))).toEqual({ code: "BAD_REQUEST", message: "You cannot deactivate yourself. Ask another administrator." });
    const demote = await refusal(admin.userAdmin.update({ userId: self.id, revision: self.revision, name: self.name, role: "CHAIR", specialty: null, boardIds: [] }));
    expect(demote).toEqual({ code: "CONFLICT", message: "This is the last active administrator. Make another user an administrator first." });

    // With a second administrator, either may step down or be deactivated, but not the last one standing.
    const second = await admin.userAdmin.create({ name: "Second Admin", email: "admin2@test.example", role: "ADMIN", specialty: null, boardIds: [] });
    const secondCaller = await callerAs(second.id);
    const stepped = await secondCaller.userAdmin.update({ userId: second.id, revision: second.revision, name: "Second Admin", role: "COORDINATOR", specialty: null, boardIds: [] });
    const promoted = await admin.userAdmin.update({ userId: second.id, revision: stepped.revision, name: "Second Admin", role: "ADMIN", specialty: null, boardIds: [] });
    await admin.userAdmin.deactivate({ userId: second.id, revision: promoted.revision });
    expect((await refusal(admin.userAdmin.update({ userId: self.id, revision: self.revision, name: self.name, role: "CHAIR", specialty: null, boardIds: [] }))).code).toBe("CONFLICT");
    expect((await loadSessionUser(f.db, f.users.admin.id))?.role).toBe("ADMIN");
  });
});

describe("set-password links", () => {
  it("without SMTP shows the link; it sets a password once, and the user signs in with it", async () => {
    const admin = await f.callerFor("admin");
    const created = await admin.userAdmin.create({ name: "Newcomer", email: "newcomer@test.example", role: "COORDINATOR", specialty: null, boardIds: [f.boardA.id] });
    const sent = await admin.userAdmin.sendSetPasswordLink({ userId: created.id, origin: ORIGIN });
    expect(sent).toMatchObject({ emailed: false, link: expect.stringMatching(/^http:\/\/127\.0\.0\.1:3000\/set-password\?token=[\w-]{43}$/) });
    expect(sent.expiresAt.getTime() - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
    const token = tokenOf(sent.link);
    // Only a digest is stored.
    expect(await f.db.passwordSetToken.count({ where: { tokenHash: token } })).toBe(0);

    expect(await checkSetPasswordToken(f.db, token)).toEqual({ state: "valid", email: "newcomer@test.example" });
    expect(await setPasswordWithToken(f.db, { token, password: "too-short", confirmation: "too-short" })).toEqual({ ok: false, message: "The password needs at least 12 characters." });
    // A refused password leaves the link usable.
    expect(await setPasswordWithToken(f.db, { token, password: "a good long passphrase", confirmation: "a good long passphrase" })).toEqual({ ok: true, email: "newcomer@test.example" });
    expect(await verifyCredentials(f.db, { email: "newcomer@test.example", password: "a good long passphrase", source: "test" })).toMatchObject({ ok: true });

    const reused = await setPasswordWithToken(f.db, { token, password: "another long passphrase", confirmation: "another long passphrase" });
    expect(reused).toEqual({ ok: false, message: expect.stringContaining("already been used") });
    expect((await checkSetPasswordToken(f.db, token)).state).toBe("used");
    expect(await verifyCredentials(f.db, { email: "newcomer@test.example", password: "another long passphrase", source: "test-2" })).toMatchObject({ ok: false });
    const actions = (await f.db.auditEvent.findMany({ where: { entityId: created.id, action: { startsWith: "user." } }, orderBy: { id: "asc" } })).map((e) => [e.action, e.actorEmail]);
    expect(actions).toEqual([["user.create", "admin@test.example"], ["user.password-link.send", "admin@test.example"], ["user.password.set", "newcomer@test.example"]]);
  });

  it("refuses a wrong token, an expired one, one replaced by a newer link, and one of a deactivated user", async () => {
    const admin = await f.callerFor("admin");
    const created = await admin.userAdmin.create({ name: "Late", email: "late@test.example", role: "CHAIR", specialty: null, boardIds: [] });
    const attempt = (token: string) => setPasswordWithToken(f.db, { token, password: "a good long passphrase", confirmation: "a good long passphrase" });

    expect(await attempt("not-a-token-we-issued")).toEqual({ ok: false, message: expect.stringContaining("This link is not valid") });

    const actor = { id: f.users.admin.id, email: "admin@test.example" };
    const old = await sendSetPasswordLink(f.db, actor, created.id, { origin: ORIGIN, config: null, now: new Date(Date.now() - 25 * 3_600_000) });
    expect(await attempt(tokenOf(old.link))).toEqual({ ok: false, message: "This link has expired. Ask your administrator for a new one." });

    const first = await sendSetPasswordLink(f.db, actor, created.id, { origin: ORIGIN, config: null });
    const second = await sendSetPasswordLink(f.db, actor, created.id, { origin: ORIGIN, config: null });
    expect((await checkSetPasswordToken(f.db, tokenOf(first.link))).state).toBe("expired");
    expect((await checkSetPasswordToken(f.db, tokenOf(second.link))).state).toBe("valid");

    const { user } = await admin.userAdmin.get({ userId: created.id });
    await admin.userAdmin.deactivate({ userId: created.id, revision: user.revision });
    expect(await attempt(tokenOf(second.link))).toMatchObject({ ok: false });
    expect((await f.db.user.findUniqueOrThrow({ where: { id: created.id } })).passwordHash).toBeNull();
    expect((await refusal(admin.userAdmin.sendSetPasswordLink({ userId: created.id, origin: ORIGIN }))).code).toBe("CONFLICT");
  });

  it("with SMTP e-mails the link to the user and does not show it", async () => {
    const smtp = await startTestSmtpServer();
    try {
      const created = await (await f.callerFor("admin")).userAdmin.create({ name: "Mailed", email: "mailed@test.example", role: "CHAIR", specialty: null, boardIds: [] });
      const sent = await sendSetPasswordLink(f.db, { id: f.users.admin.id, email: "admin@test.example" }, created.id, { origin: ORIGIN, config: { url: smtp.url, from: "Concilium <c@test.example>" } });
      expect(sent).toMatchObject({ emailed: true, link: null });
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0]!.to).toEqual(["mailed@test.example"]);
      // The text travels quoted-printable: undo the soft line breaks and the =XX escapes.
      const text = smtp.messages[0]!.raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      const token = /set-password\?token=([\w-]{43})/.exec(text)?.[1];
      expect(token).toBeDefined();
      expect((await checkSetPasswordToken(f.db, token!)).state).toBe("valid");
    } finally {
      await smtp.close();
    }
  });
});
