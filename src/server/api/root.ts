import { adminRouter } from "./routers/admin";
import { boardRouter } from "./routers/board";
import { caseRouter } from "./routers/case";
import { cohortRouter } from "./routers/cohort";
import { datasetRouter } from "./routers/dataset";
import { decisionRouter } from "./routers/decision";
import { documentRouter } from "./routers/document";
import { estimateRouter } from "./routers/estimate";
import { expertOpinionRouter } from "./routers/expert-opinion";
import { findingRouter } from "./routers/finding";
import { historyImportRouter } from "./routers/history-import";
import { imagingRouter } from "./routers/imaging";
import { indicatorsRouter } from "./routers/indicators";
import { liveRouter } from "./routers/live";
import { meetingRouter } from "./routers/meeting";
import { meetingGuestRouter } from "./routers/meeting-guest";
import { notificationRouter } from "./routers/notification";
import { outcomeRouter } from "./routers/outcome";
import { pacsRouter } from "./routers/pacs";
import { patientRouter } from "./routers/patient";
import { settingsRouter } from "./routers/settings";
import { similarCasesRouter } from "./routers/similar-cases";
import { readinessRouter } from "./routers/readiness";
import { remoteRouter } from "./routers/remote";
import { referralRouter } from "./routers/referral";
import { slideRouter } from "./routers/slide";
import { taskRouter } from "./routers/task";
import { userAdminRouter } from "./routers/user-admin";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  admin: adminRouter,
  board: boardRouter,
  case: caseRouter,
  cohort: cohortRouter,
  dataset: datasetRouter,
  decision: decisionRouter,
  document: documentRouter,
  estimate: estimateRouter,
  expertOpinion: expertOpinionRouter,
  meetingGuest: meetingGuestRouter,
  finding: findingRouter,
  historyImport: historyImportRouter,
  imaging: imagingRouter,
  indicators: indicatorsRouter,
  live: liveRouter,
  meeting: meetingRouter,
  notification: notificationRouter,
  outcome: outcomeRouter,
  pacs: pacsRouter,
  patient: patientRouter,
  settings: settingsRouter,
  similarCases: similarCasesRouter,
  readiness: readinessRouter,
  remote: remoteRouter,
  referral: referralRouter,
  slide: slideRouter,
  task: taskRouter,
  userAdmin: userAdminRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
