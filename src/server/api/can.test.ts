/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";
import { routeAccess } from "@/app/api/routes.access";
import type { AccessCases } from "@/server/testing/access-matrix";
import { CAN_PROMISES } from "@/server/testing/can-promises";
import type { ActorKey } from "@/server/testing/fixture";
import { ACTIONS, can, type Actor } from "@/domain/permissions";

// The authorization matrix: who the real guard lets through, per procedure (proven by authorization.int.test.ts).
const modules = import.meta.glob<{ access: AccessCases }>("./routers/*.access.ts", { eager: true });
const MATRIX: AccessCases = Object.assign({}, ...Object.values(modules).map((m) => m.access));

// The matrix's actors as the fixture makes them (server/testing/fixture.ts): every role on board A, a chair of B.
const ACTOR_USERS: Record<ActorKey, Actor | null> = {
  admin: { role: "ADMIN", boardIds: [] },
  chair: { role: "CHAIR", boardIds: ["A"] },
  specialist: { role: "SPECIALIST", boardIds: ["A"] },
  coordinator: { role: "COORDINATOR", boardIds: ["A"] },
  researcher: { role: "RESEARCHER", boardIds: ["A"] },
  outsiderChair: { role: "CHAIR", boardIds: ["B"] },
  anonymous: null,
};
const ACTORS = Object.keys(ACTOR_USERS) as ActorKey[];

describe("can", () => {
  for (const action of ACTIONS) {
    const { onBoardA = [], onNoBoard = [], routes = [] } = CAN_PROMISES[action];
    it(`${action}: agrees with the guard's matrix for every actor`, () => {
      expect(onBoardA.length + onNoBoard.length + routes.length).toBeGreaterThan(0);
      for (const actor of ACTORS) {
        const user = ACTOR_USERS[actor];
        for (const name of onBoardA) expect([name, actor, can(user, action, ["A"])]).toEqual([name, actor, MATRIX[name]!.allowed.includes(actor)]);
        for (const name of onNoBoard) expect([name, actor, can(user, action, null)]).toEqual([name, actor, MATRIX[name]!.allowed.includes(actor)]);
        for (const name of routes) expect([name, actor, can(user, action, null)]).toEqual([name, actor, routeAccess[name].allowed.includes(actor)]);
      }
    });
  }
});
