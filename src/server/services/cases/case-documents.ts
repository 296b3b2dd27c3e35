/**
 * Documents stored with a case (reports, letters, images): `<CONCILIUM_DATA_DIR or ./data>/documents/<uuid>.<ext>`.
 * A file is written to a staging name and renamed into place only when complete, and its row is written after; a
 * refused or failed upload leaves nothing behind. Every attachment and every opening is audited.
 */
import { createHash, randomUUID } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { CASE_DOCUMENT_KIND_LABELS, checkDocumentType, formatByteSize, type CaseDocumentKind } from "@/domain/documents/case-document";
import type { PrismaClient } from "@/generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import type { Actor, Db } from "../db-types";
import { ServiceError } from "../errors";

export const DEFAULT_MAX_DOCUMENT_BYTES = 20 * 1024 ** 2;
const STAGING = ".staging";

export function documentStoreRoot(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.CONCILIUM_DATA_DIR ?? "data", "documents");
}

/** The largest document accepted (CONCILIUM_MAX_DOCUMENT_BYTES, default 20 MiB). */
export function maxDocumentBytes(env: NodeJS.ProcessEnv = process.env): number {
  const configured = Number(env.CONCILIUM_MAX_DOCUMENT_BYTES);
  return Number.isSafeInteger(configured) && configured > 0 ? configured : DEFAULT_MAX_DOCUMENT_BYTES;
}

/** A document refused for what it is (empty 400, too large 413, not an accepted type 415), with a message to show. */
export class DocumentRefused extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
    this.name = "DocumentRefused";
  }
}

export const tooLargeMessage = (limit: number, size?: number) =>
  `${size ? `The file is ${formatByteSize(size)}; ` : "The file is too large; "}documents up to ${formatByteSize(limit)} can be attached.`;

export interface NewCaseDocument {
  caseId: string;
  kind: CaseDocumentKind;
  description: string;
  fileName: string;
  bytes: Uint8Array;
}

/** The file name kept for display and for the download header: its last path part, printable, at most 200 characters. */
function displayName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? "";
  const printable = base.replace(/[\u0000-\u001f\u007f"]/g, "").trim().slice(0, 200);
  return printable || "document";
}

/** Checks, stores and records a document of a case; the case's board was checked by the caller's guard. */
export async function attachCaseDocument(db: PrismaClient, actor: Actor, input: NewCaseDocument, root = documentStoreRoot()) {
  const limit = maxDocumentBytes();
  if (input.bytes.length === 0) throw new DocumentRefused(400, "The file is empty: choose a document to attach.");
  if (input.bytes.length > limit) throw new DocumentRefused(413, tooLargeMessage(limit, input.bytes.length));
  const checked = checkDocumentType(input.fileName, input.bytes);
  if (!checked.ok) throw new DocumentRefused(415, checked.message);
  const { type } = checked;
  const kase = await db.case.findUniqueOrThrow({ where: { id: input.caseId }, select: { id: true, patientId: true } });

  const storedPath = `${randomUUID()}.${type.extension}`;
  const staging = path.join(root, STAGING);
  await mkdir(staging, { recursive: true });
  const partial = path.join(staging, `${storedPath}.part`);
  const final = path.join(/*turbopackIgnore: true*/ root, storedPath);
  try {
    await writeFile(partial, input.bytes, { flag: "wx" });
    await rename(partial, final);
    return await db.$transaction(async (tx) => {
      const document = await tx.caseDocument.create({
        data: {
          caseId: kase.id,
          patientId: kase.patientId,
          kind: input.kind,
          description: input.description,
          fileName: displayName(input.fileName),
          contentType: type.contentType,
          byteSize: input.bytes.length,
          sha256: createHash("sha256").update(input.bytes).digest("hex"),
          storedPath,
          uploadedById: actor.id,
        },
      });
      await recordAudit(tx, actor, {
        action: "case.document.attach",
        entityType: "CaseDocument",
        entityId: document.id,
        patientId: kase.patientId,
        detail: { caseId: kase.id, kind: document.kind, contentType: document.contentType, byteSize: document.byteSize, sha256: document.sha256 },
      });
      return toCaseDocumentSummary(document);
    });
  } catch (error) {
    await rm(partial, { force: true });
    await rm(final, { force: true });
    throw error;
  }
}

/** The stored path comes from our own database, but it still may only name a file directly inside the store. */
function storedFile(storedPath: string, root: string): string {
  const file = path.resolve(root, storedPath);
  if (path.dirname(file) !== root || storedPath.startsWith(".")) throw new Error("A document's stored path must be a file inside the document store");
  return file;
}

/** A document of this case (404 for one of another case), its bytes and the audit of the opening. */
export async function openCaseDocument(db: Db, actor: Actor, caseId: string, documentId: string, root = documentStoreRoot()) {
  const document = await db.caseDocument.findFirst({ where: { id: documentId, caseId } });
  if (!document) throw new ServiceError("NOT_FOUND", "Not found.");
  const bytes = await readFile(storedFile(document.storedPath, root)).catch(() => {
    throw new ServiceError("NOT_FOUND", "The document's file is missing from the document store. Please tell an administrator.");
  });
  await recordAudit(db, actor, {
    action: "case.document.read",
    entityType: "CaseDocument",
    entityId: document.id,
    patientId: document.patientId,
    detail: { caseId },
  });
  return { bytes: new Uint8Array(bytes), fileName: document.fileName, contentType: document.contentType };
}

export interface CaseDocumentSummary {
  id: string;
  kind: CaseDocumentKind;
  kindLabel: string;
  description: string;
  fileName: string;
  contentType: string;
  byteSize: number;
  createdAt: Date;
}

export function toCaseDocumentSummary(d: { id: string; kind: string; description: string; fileName: string; contentType: string; byteSize: number; createdAt: Date }): CaseDocumentSummary {
  const kind = (d.kind in CASE_DOCUMENT_KIND_LABELS ? d.kind : "OTHER") as CaseDocumentKind;
  return { id: d.id, kind, kindLabel: CASE_DOCUMENT_KIND_LABELS[kind], description: d.description, fileName: d.fileName, contentType: d.contentType, byteSize: d.byteSize, createdAt: d.createdAt };
}
