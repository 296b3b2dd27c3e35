/**
 * DICOMweb peers: another hospital's PACS (an Orthanc, a DCM4CHEE) reading studies from /api/dicomweb with a
 * credential an administrator issued. The token is 32 random bytes, shown once; only its SHA-256 is stored. The peer
 * sends it as `Authorization: Bearer <token>`, or as the password of HTTP Basic (any user name), which is what most
 * PACS DICOMweb clients can be configured with. A peer acts as a specialist of its boards for reading images only
 * (the route policies that admit peers are GET searches and retrievals); its audit events carry no user id and
 * its name as `dicomweb-peer:<name>`.
 */
import { createHash, randomBytes } from "node:crypto";
import type { PrismaClient } from "@/generated/prisma/client";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import type { Actor } from "../db-types";
import type { SessionUser } from "../auth/load-session-user";
import { ServiceError } from "../errors";
import { PEER_ID_PREFIX } from "./peer-id";


const hashToken = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

/** The token of an Authorization header (Bearer, or Basic's password), or null when the header names none. */
export function tokenOf(authorization: string | null): string | null {
  if (!authorization) return null;
  const [scheme, value] = authorization.trim().split(/\s+/, 2);
  if (!value) return null;
  if (scheme!.toLowerCase() === "bearer") return value;
  if (scheme!.toLowerCase() !== "basic") return null;
  const decoded = Buffer.from(value, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon === -1 ? null : decoded.slice(colon + 1) || null;
}

/** The peer a token belongs to, as the user the guard authorizes; null for an unknown or revoked token. */
export async function authenticatePeer(db: PrismaClient, token: string): Promise<SessionUser | null> {
  // Looked up by the token's hash (as set-password links are): the token itself is never stored or compared.
  const peer = await db.dicomwebPeer.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!peer || peer.revokedAt) return null;
  return { id: `${PEER_ID_PREFIX}${peer.id}`, email: `${PEER_ID_PREFIX}${peer.name}`, name: peer.name, role: "SPECIALIST", specialty: null, boardIds: peer.boardIds };
}

/** Who issued or revoked it: a signed-in administrator (admin page), or the operator's account name on the server (CLI). */
type Operator = Actor | { id?: null; email: string };
const auditActorOf = (operator: Operator): AuditActor => (operator.id ? (operator as Actor) : { id: null, email: operator.email });

/** Issues a credential for a named peer reading the given boards (by slug); returns the token, shown only now. */
export async function createPeer(db: PrismaClient, operator: Operator, input: { name: string; boardSlugs: string[] }): Promise<{ id: string; token: string }> {
  const name = input.name.trim();
  if (!/^[\w .()-]{1,80}$/.test(name)) throw new ServiceError("BAD_REQUEST", "A peer's name is 1 to 80 letters, digits, spaces, dots, dashes or brackets.");
  if (input.boardSlugs.length === 0) throw new ServiceError("BAD_REQUEST", "Name at least one board whose studies the peer may read.");
  const boards = await db.board.findMany({ where: { slug: { in: input.boardSlugs } }, select: { id: true, slug: true } });
  const unknown = input.boardSlugs.filter((s) => !boards.some((b) => b.slug === s));
  if (unknown.length) throw new ServiceError("BAD_REQUEST", `No board with the slug ${unknown.join(", ")}.`);
  if (await db.dicomwebPeer.findUnique({ where: { name } })) throw new ServiceError("CONFLICT", `There is already a peer named ${name}; revoke it or choose another name.`);
  const token = randomBytes(32).toString("base64url");
  const peer = await db.dicomwebPeer.create({ data: { name, tokenHash: hashToken(token), boardIds: boards.map((b) => b.id), createdBy: operator.email } });
  await recordAudit(db, auditActorOf(operator), { action: "dicomwebPeer.create", entityType: "DicomwebPeer", entityId: peer.id, detail: { name, boards: boards.map((b) => b.slug) }, ground: "ADMINISTRATION" });
  return { id: peer.id, token };
}

/** Revokes a peer's credential at once (its next request is refused). */
export async function revokePeer(db: PrismaClient, operator: Operator, name: string): Promise<void> {
  const peer = await db.dicomwebPeer.findUnique({ where: { name } });
  if (!peer || peer.revokedAt) throw new ServiceError("NOT_FOUND", `No active peer named ${name}.`);
  await db.dicomwebPeer.update({ where: { id: peer.id }, data: { revokedAt: new Date() } });
  await recordAudit(db, auditActorOf(operator), { action: "dicomwebPeer.revoke", entityType: "DicomwebPeer", entityId: peer.id, detail: { name }, ground: "ADMINISTRATION" });
}

/** Every peer, revoked ones too, with its last request as the audit log records it (every peer read is audited). */
export async function listPeers(db: PrismaClient) {
  const [peers, boards] = await Promise.all([db.dicomwebPeer.findMany({ orderBy: { name: "asc" } }), db.board.findMany({ select: { id: true, slug: true } })]);
  const lastUse = await db.auditEvent.groupBy({ by: ["actorEmail"], where: { actorEmail: { in: peers.map((p) => `${PEER_ID_PREFIX}${p.name}`) } }, _max: { at: true } });
  const lastUsedAt = new Map(lastUse.map((row) => [row.actorEmail, row._max.at]));
  return peers.map((p) => ({
    id: p.id,
    name: p.name,
    boards: p.boardIds.map((id) => boards.find((b) => b.id === id)?.slug ?? "(deleted board)"),
    createdAt: p.createdAt,
    createdBy: p.createdBy,
    lastUsedAt: lastUsedAt.get(`${PEER_ID_PREFIX}${p.name}`) ?? null,
    revokedAt: p.revokedAt,
  }));
}
