import { TRPCClientError } from "@trpc/client";

/** The server's message for a refused call (it is written for people), or a generic one for a network failure. */
export const errorText = (error: unknown, fallback = "That did not work; check the connection and try again.") =>
  error instanceof TRPCClientError ? error.message : fallback;

export const isConflict = (error: unknown) => error instanceof TRPCClientError && (error.data as { code?: string } | undefined)?.code === "CONFLICT";
