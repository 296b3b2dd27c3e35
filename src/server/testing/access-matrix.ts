import type { ActorKey, Fixture } from "./fixture";

export type Caller = Awaited<ReturnType<Fixture["callerFor"]>>;

/** Who may call one procedure, and a call that would succeed for them on the shared fixture. */
export interface AccessCase {
  allowed: readonly ActorKey[];
  call: (caller: Caller, f: Fixture) => Promise<unknown>;
}

/** Each router keeps its rows beside it in `<router>.access.ts`: procedure path -> who may call it. */
export type AccessCases = Record<string, AccessCase>;

export const CLINICAL_ON_A: ActorKey[] = ["chair", "specialist", "coordinator"];
