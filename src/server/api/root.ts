import { adminRouter } from "./routers/admin";
import { boardRouter } from "./routers/board";
import { caseRouter } from "./routers/case";
import { datasetRouter } from "./routers/dataset";
import { decisionRouter } from "./routers/decision";
import { documentRouter } from "./routers/document";
import { findingRouter } from "./routers/finding";
import { imagingRouter } from "./routers/imaging";
import { liveRouter } from "./routers/live";
import { meetingRouter } from "./routers/meeting";
import { notificationRouter } from "./routers/notification";
import { outcomeRouter } from "./routers/outcome";
import { pacsRouter } from "./routers/pacs";
import { patientRouter } from "./routers/patient";
import { settingsRouter } from "./routers/settings";
import { readinessRouter } from "./routers/readiness";
import { referralRouter } from "./routers/referral";
import { slideRouter } from "./routers/slide";
import { taskRouter } from "./routers/task";
import { userAdminRouter } from "./routers/user-admin";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  admin: adminRouter,
  board: boardRouter,
  case: caseRouter,
  dataset: datasetRouter,
  decision: decisionRouter,
  document: documentRouter,
  finding: findingRouter,
  imaging: imagingRouter,
  live: liveRouter,
  meeting: meetingRouter,
  notification: notificationRouter,
  outcome: outcomeRouter,
  pacs: pacsRouter,
  patient: patientRouter,
  settings: settingsRouter,
  readiness: readinessRouter,
  referral: referralRouter,
  slide: slideRouter,
  task: taskRouter,
  userAdmin: userAdminRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
