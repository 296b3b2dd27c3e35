import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keepAliveAsAnnounced } from "./keep-alive-agent";

// A server that announces a one-second keep-alive, as Orthanc does, and counts the connections it accepts.
let server: http.Server;
let connections = 0;
let url = "";

beforeAll(async () => {
  server = http.createServer((_, res) => {
    res.writeHead(200, { "Content-Type": "text/plain", "Keep-Alive": "timeout=1" });
    res.end("ok");
  });
  server.keepAliveTimeout = 1000;
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const get = (agent: http.Agent) =>
  new Promise<void>((resolve, reject) => {
    http.get(url, { agent }, (res) => {
      res.resume();
      res.on("end", resolve);
    }).on("error", reject);
  });

describe("connections to a server that announces a one-second keep-alive", () => {
  it("are reused one request after another (Node's own agent opens one per request)", async () => {
    connections = 0;
    const plain = new http.Agent({ keepAlive: true, maxSockets: 4 });
    for (let i = 0; i < 5; i++) await get(plain);
    expect(connections).toBe(5);

    connections = 0;
    const kept = keepAliveAsAnnounced(new http.Agent({ keepAlive: true, maxSockets: 4 }));
    for (let i = 0; i < 5; i++) await get(kept);
    expect(connections).toBe(1);
    kept.destroy();
  });

  it("are given up before the server's announced second runs out", async () => {
    connections = 0;
    const kept = keepAliveAsAnnounced(new http.Agent({ keepAlive: true, maxSockets: 4 }));
    await get(kept);
    expect(Object.values(kept.freeSockets).flat()).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 900));
    expect(Object.values(kept.freeSockets).flat()).toHaveLength(0);
    await get(kept);
    expect(connections).toBe(2);
    kept.destroy();
  });
});
