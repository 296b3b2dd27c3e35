import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Context } from "@/server/api/trpc";
import type { Database } from "@/server/database/open-database";
import { loadSessionUser } from "@/server/services/auth/load-session-user";
import { createFixture, type Fixture } from "@/server/testing/fixture";
import { createTestDatabase } from "@/server/testing/test-database";

// The edge reads the session through createContext: here the test decides who is signed in.
let signedIn: Context;
vi.mock("@/server/api/context", () => ({ createContext: async () => signedIn }));
const { POST } = await import("./route");

let database: Database;
let f: Fixture;
beforeAll(async () => {
  database = await createTestDatabase();
  f = await createFixture(database.prisma);
  signedIn = { db: f.db, user: await loadSessionUser(f.db, f.users.coordinator.id) };
});
afterAll(async () => {
  delete process.env.CONCILIUM_MAX_HISTORY_IMPORT_BYTES;
  await database.close();
});

const HEADER = "case_external_id,mrn,family_name,given_name,birth_date,sex,topography_code,morphology_code,referral_date,discussion_date,intent,modalities,recommendation";
const rows = (n: number) => Array.from({ length: n }, (_, i) => `UP-${i},UP-MRN-${i},Upload,Row${i},1950-01-01,MALE,C34.1,8140/3,2024-01-02,2024-01-09,CURATIVE,SURGERY,Lobectomy`);
const post = (query: string, body: BodyInit, headers: Record<string, string> = { "content-type": "text/csv" }) =>
  POST(new Request(`http://localhost/api/boards/${f.boardA.id}/history-import?${query}`, { method: "POST", body, headers, duplex: "half" } as RequestInit), { params: Promise.resolve({ boardId: f.boardA.id }) });

describe("POST /api/boards/{boardId}/history-import", () => {
  it("answers a dry run with the preview, and an import with NDJSON progress and the result", async () => {
    const csv = [HEADER, ...rows(700)].join("\n");
    const preview = await post("format=csv&dryRun=1", csv);
    expect(preview.status).toBe(200);
    expect(await preview.json()).toMatchObject({ dryRun: true, counts: { rows: 700, valid: 700, casesToCreate: 700 } });
    expect(await f.db.case.count({ where: { source: "CSV_IMPORT" } })).toBe(0);

    const response = await post("format=csv", csv);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/x-ndjson");
    const events = (await response.text()).trim().split("\n").map((l) => JSON.parse(l) as { type: string; done?: number; total?: number; result?: { applied: { casesCreated: number } } });
    expect(events.filter((e) => e.type === "progress").map((e) => [e.done, e.total])).toEqual([[500, 700], [700, 700]]);
    expect(events.at(-1)).toMatchObject({ type: "result", result: { imported: true, applied: { casesCreated: 700 } } });
    expect(await f.db.case.count({ where: { source: "CSV_IMPORT" } })).toBe(700);
  });

  it("refuses a file over the limit with 413 and a message that says what to do, declared or streamed", async () => {
    process.env.CONCILIUM_MAX_HISTORY_IMPORT_BYTES = "1024";
    const big = [HEADER, ...rows(40)].join("\n");
    const declared = await post("format=csv&dryRun=1", big, { "content-type": "text/csv", "content-length": String(big.length) });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({ error: "The file is larger than 1 KiB, the limit for one history import (CONCILIUM_MAX_HISTORY_IMPORT_BYTES). Split it into several files: a re-import by case id never duplicates." });
    // A chunked body names no length: the limit stops it while it is read, before anything is written.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const streamed = await post("format=csv", stream);
    expect(streamed.status).toBe(413);
    expect(JSON.stringify(await streamed.json())).toContain("the limit for one history import (CONCILIUM_MAX_HISTORY_IMPORT_BYTES)");
    delete process.env.CONCILIUM_MAX_HISTORY_IMPORT_BYTES;
  });
});
