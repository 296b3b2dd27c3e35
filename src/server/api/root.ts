import { adminRouter } from "./routers/admin";
import { boardRouter } from "./routers/board";
import { caseRouter } from "./routers/case";
import { decisionRouter } from "./routers/decision";
import { findingRouter } from "./routers/finding";
import { imagingRouter } from "./routers/imaging";
import { meetingRouter } from "./routers/meeting";
import { notificationRouter } from "./routers/notification";
import { outcomeRouter } from "./routers/outcome";
import { pacsRouter } from "./routers/pacs";
import { readinessRouter } from "./routers/readiness";
import { referralRouter } from "./routers/referral";
import { slideRouter } from "./routers/slide";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  admin: adminRouter,
  board: boardRouter,
  case: caseRouter,
  decision: decisionRouter,
  finding: findingRouter,
  imaging: imagingRouter,
  meeting: meetingRouter,
  notification: notificationRouter,
  outcome: outcomeRouter,
  pacs: pacsRouter,
  readiness: readinessRouter,
  referral: referralRouter,
  slide: slideRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
