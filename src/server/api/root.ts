import { adminRouter } from "./routers/admin";
import { boardRouter } from "./routers/board";
import { caseRouter } from "./routers/case";
import { decisionRouter } from "./routers/decision";
import { findingRouter } from "./routers/finding";
import { imagingRouter } from "./routers/imaging";
import { liveRouter } from "./routers/live";
import { meetingRouter } from "./routers/meeting";
import { outcomeRouter } from "./routers/outcome";
import { pacsRouter } from "./routers/pacs";
import { slideRouter } from "./routers/slide";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  admin: adminRouter,
  board: boardRouter,
  case: caseRouter,
  decision: decisionRouter,
  finding: findingRouter,
  imaging: imagingRouter,
  live: liveRouter,
  meeting: meetingRouter,
  outcome: outcomeRouter,
  pacs: pacsRouter,
  slide: slideRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
