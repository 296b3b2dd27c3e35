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

/**
 * One HTTP route policy (src/server/http/route-policies.ts): who may pass it, and a request to a real route.ts
 * that would get past the guard for them on the shared fixture (plus `resources`, created once per test file).
 */
export interface RouteAccessCase<R = unknown> {
  allowed: readonly ActorKey[];
  request: (f: Fixture, resources: R) => Promise<Response>;
}
