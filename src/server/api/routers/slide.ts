import { router } from "../trpc";

export const slideRouter = router({});
