import { TRPCClientError } from "@trpc/client";

/** What to tell the user about a failed call: the input problems when the API lists them, else its message. */
export function errorMessage(error: unknown, fallback: string): string {
  if (!(error instanceof TRPCClientError)) return fallback;
  const problems = (error.data as { zodError?: { path: string; message: string }[] | null } | undefined)?.zodError;
  // An input refusal's message is the raw list of problems; their own messages are written for people.
  if (problems?.length) return problems.map((p) => p.message).join(" ");
  return error.message || fallback;
}
