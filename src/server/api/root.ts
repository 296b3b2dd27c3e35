import { adminRouter } from "./routers/admin";
import { boardRouter } from "./routers/board";
import { caseRouter } from "./routers/case";
import { decisionRouter } from "./routers/decision";
import { meetingRouter } from "./routers/meeting";
import { outcomeRouter } from "./routers/outcome";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  admin: adminRouter,
  board: boardRouter,
  case: caseRouter,
  decision: decisionRouter,
  meeting: meetingRouter,
  outcome: outcomeRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
