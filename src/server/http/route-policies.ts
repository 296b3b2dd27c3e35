/**
 * The one policy table of Concilium's plain HTTP routes (everything under /api but tRPC and next-auth): who may
 * call, which id in the path (or query) decides the board, how a denial is audited and how long a browser may keep
 * the answer. Every route.ts names one of these through withGuard; the authorization matrix test has a row for each.
 */
import { PERMISSIONS } from "@/domain/permissions";
import { CLINICAL_ROLES, type RoleName } from "@/domain/roles";
import type { AccessPolicy, BoardScope } from "@/server/api/access";

export interface RoutePolicy extends AccessPolicy {
  /** The audit event's entity type for a denial, e.g. "Slide". */
  entityType: string;
  /**
   * "no-store": patient data the browser must not keep (JSON, documents, streams). "private-short": images that a
   * viewer asks for again and again (tiles, frames), kept by this user's browser only, for PATIENT_DATA_MAX_AGE seconds.
   * "private-immutable": the same, for answers that never change at their address (a converted slide's tiles: a new
   * import is a new slide), so the browser does not ask again while it keeps them; they carry an ETag, and a request
   * after that time that names it is answered 304 once granted and audited as any other.
   */
  cache: "no-store" | "private-short" | "private-immutable";
  /**
   * For routes a viewer calls hundreds of times a minute (tiles): the full guard runs for the first request of a
   * session and resource, then once a minute (see server/api/recent-grants.ts).
   */
  rememberGrant?: boolean;
  /**
   * A stored document the browser shows itself (a PDF in its viewer): the API policy without `sandbox`, which
   * Chromium's PDF viewer refuses to run in. Nothing may still be loaded, framed or run by the page.
   */
  inlineDocument?: boolean;
  /**
   * A DICOMweb peer's credential (server/services/dicomweb-peers) is accepted here as well as a session: image
   * searches and retrievals only, never a change.
   */
  peers?: boolean;
  /**
   * An outside expert's share session may pass too, for a study or slide shared with them (issue 15;
   * server/services/expert-opinion/expert-grant.ts).
   */
  expert?: "study" | "slide";
  /**
   * A meeting guest's session may pass too, for the one meeting they were invited to, while it is planned or in
   * progress (issue 15, part 2; server/services/meeting-guests/guest-grant.ts); on the image routes, for the studies
   * and slides of the patients whose cases are on that meeting's agenda.
   */
  guest?: "meeting" | "study" | "slide";
}

const clinical = (scope: BoardScope, entityType: string, cache: RoutePolicy["cache"] = "no-store", roles: readonly RoleName[] = CLINICAL_ROLES): RoutePolicy => ({
  roles,
  scope,
  entityType,
  cache,
});

export const ROUTE_POLICIES = {
  /** QIDO-RS GET /api/dicomweb/studies: results are filtered to the user's boards by the search itself. */
  "dicomweb.search": { ...clinical({ via: "none" }, "ImagingStudy"), peers: true },
  /** STOW-RS POST /api/dicomweb/studies: images are matched to patients (or quarantined) by the import. */
  "dicomweb.store": clinical({ via: "none" }, "ImagingStudy", "no-store", PERMISSIONS.importImages),
  /** Everything below /api/dicomweb/studies/{study}: the study's patient decides. */
  "dicomweb.study": { ...clinical({ via: "study", field: "study" }, "ImagingStudy", "private-short"), peers: true, expert: "study", guest: "study" },
  /** Any other path or method under /api/dicomweb: a DICOMweb error (404, 405), never the site's HTML page. */
  "dicomweb.unknown": { ...clinical({ via: "none" }, "DICOMweb"), peers: true },
  /** /api/pacs/studies/{studyUid}/…: a PACS study the user's board has on a patient's timeline. */
  "pacs.study": clinical({ via: "study", field: "studyUid" }, "ImagingStudy"),
  "slide.info": { ...clinical({ via: "slide", field: "slideId" }, "Slide"), expert: "slide", guest: "slide" },
  "slide.tile": { ...clinical({ via: "slide", field: "slideId" }, "Slide", "private-immutable"), expert: "slide", guest: "slide" },
  /** POST /api/slides/upload?patientId=…: people who bring material to a board (not the administrator). */
  "slide.upload": clinical({ via: "patient", field: "patientId" }, "Patient", "no-store", ["CHAIR", "SPECIALIST", "COORDINATOR"]),
  /** Agenda PDF, agenda ICS and minutes PDF of a meeting. */
  "meeting.document": clinical({ via: "meeting", field: "meetingId" }, "Meeting"),
  /** The live-follow event stream of a meeting. */
  "meeting.live": { ...clinical({ via: "meeting", field: "meetingId" }, "Meeting"), guest: "meeting" },
  "case.letter": clinical({ via: "case", field: "caseId" }, "Case"),
  /** POST /api/cases/{caseId}/documents: people who bring material to a board (not the administrator). */
  "case.document.upload": clinical({ via: "case", field: "caseId" }, "Case", "no-store", PERMISSIONS.seePatients),
  /** GET /api/cases/{caseId}/documents/{documentId}: a stored report or letter, opened inline. */
  "case.document.read": { ...clinical({ via: "case", field: "caseId" }, "Case"), inlineDocument: true },
  "decision.fhir": clinical({ via: "decision", field: "decisionId" }, "Decision"),
  /** POST /api/boards/{boardId}/history-import: a registry's CSV or mCODE Bundle into the board (chairs, coordinators). */
  "history.import": clinical({ via: "board", field: "boardId" }, "Board", "no-store", PERMISSIONS.importHistory),
  /** GET /api/dataset/export/{format}: the pseudonymised outcome dataset of the user's boards (researchers too). */
  "dataset.export": clinical({ via: "none" }, "Dataset", "no-store", PERMISSIONS.seeDataset),
  /** POST /api/dataset/export/identifiable/{format}: names, MRNs and dates, with a reason. */
  "dataset.exportIdentifiable": clinical({ via: "none" }, "Dataset", "no-store", PERMISSIONS.exportIdentifiable),
} as const satisfies Record<string, RoutePolicy>;

export type RoutePolicyName = keyof typeof ROUTE_POLICIES;

/** Seconds a browser may keep images of patient data (tiles, frames): long enough for a meeting's back-and-forth. */
export const PATIENT_DATA_MAX_AGE = 300;

/**
 * The Cache-Control of a granted answer (200, or 304 to a request that named its ETag) under this policy: patient data
 * is never kept by shared caches, and by this user's browser only as the policy says.
 */
export function grantedCacheControl(cache: RoutePolicy["cache"]): string {
  if (cache === "no-store") return "private, no-store";
  return cache === "private-immutable" ? `private, max-age=${PATIENT_DATA_MAX_AGE}, immutable` : `private, max-age=${PATIENT_DATA_MAX_AGE}`;
}
