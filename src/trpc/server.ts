import "server-only";
import { TRPCError } from "@trpc/server";
import { notFound } from "next/navigation";
import { cache } from "react";
import { createContext } from "@/server/api/context";
import { createCaller } from "@/server/api/root";

/** The tRPC API for server components: same guard, same audit, no HTTP hop. One per request. */
export const getApi = cache(async () => createCaller(await createContext()));

export type Refusal = { refused: true; message: string };

/** Runs a call for a page: a missing record becomes the 404 page, a refusal becomes a message to show. */
export async function load<T>(call: () => Promise<T>): Promise<T | Refusal> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof TRPCError) {
      if (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST") notFound();
      if (error.code === "FORBIDDEN" || error.code === "UNAUTHORIZED") return { refused: true, message: error.message };
    }
    throw error;
  }
}

export const isRefusal = (value: unknown): value is Refusal => typeof value === "object" && value !== null && "refused" in value;
