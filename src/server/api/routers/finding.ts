import { router } from "../trpc";

export const findingRouter = router({});
