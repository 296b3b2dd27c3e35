import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

export type LiveView = inferRouterInputs<AppRouter>["live"]["publish"]["view"];
export type LiveSnapshot = inferRouterOutputs<AppRouter>["live"]["state"];
export type ConnectionStatus = "connecting" | "live" | "reconnecting";
