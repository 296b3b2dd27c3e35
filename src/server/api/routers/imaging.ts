import { router } from "../trpc";

export const imagingRouter = router({});
