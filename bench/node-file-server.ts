// The baseline of the tile figures: a plain Node `http` + `fs` server on the very same tile files, in a process of
// its own (as the app is), with no routing, session or access check.
import { spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { waitForHttp } from "./http";

const SERVER = `
const http = require("node:http");
const fs = require("node:fs");
const path = require("node:path");
const [root, port] = process.argv.slice(1);
http.createServer((req, res) => {
  const file = path.join(root, decodeURIComponent(req.url.slice("/tiles/".length)));
  if (!file.startsWith(root + path.sep)) { res.writeHead(400); return res.end(); }
  fs.readFile(file, (error, bytes) => {
    if (error) { res.writeHead(404); return res.end(); }
    res.writeHead(200, { "Content-Type": "image/jpeg", "Content-Length": bytes.length });
    res.end(bytes);
  });
}).listen(Number(port), "127.0.0.1");
`;

export async function startNodeFileServer(tilesDir: string, port: number, firstTile: string): Promise<{ stop(): void }> {
  const child = spawn(process.execPath, ["-e", SERVER, tilesDir, String(port)], { stdio: "ignore" });
  await waitForHttp(`http://127.0.0.1:${port}/tiles/${firstTile}`, 10_000);
  return { stop: () => child.kill("SIGTERM") };
}

// The ceiling of the frame figures: a plain Node `http` server answering each frame with the very bytes Concilium
// answers (its multipart answer as it came, content type included), from memory, with no routing, session, access
// check or audit. What it cannot exceed is the machine's: the load generator reading the frames shares the two cores.
const FRAME_SERVER = `
const http = require("node:http");
const fs = require("node:fs");
const path = require("node:path");
const [dir, port] = process.argv.slice(1);
const contentTypes = fs.readFileSync(path.join(dir, "content-types"), "utf8").split("\\n");
const frames = contentTypes.map((_, index) => fs.readFileSync(path.join(dir, String(index))));
http.createServer((req, res) => {
  const index = Number(req.url.slice("/frames/".length));
  const frame = frames[index];
  if (!frame) { res.writeHead(404); return res.end(); }
  res.writeHead(200, { "Content-Type": contentTypes[index], "Content-Length": frame.length });
  res.end(frame);
}).listen(Number(port), "127.0.0.1");
`;

/** Fetches each frame once (as `headers` ask) into `dir` and serves them from memory on `port`, as /frames/{index}. */
export async function startNodeFrameServer(frameUrls: string[], headers: Record<string, string>, dir: string, port: number): Promise<{ paths: string[]; stop(): void }> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const contentTypes: string[] = [];
  for (const [index, url] of frameUrls.entries()) {
    const answer = await fetch(url, { headers });
    if (!answer.ok) throw new Error(`${url} answered ${answer.status}`);
    // Each answer's content type names its own multipart boundary.
    contentTypes.push(answer.headers.get("content-type") ?? "application/octet-stream");
    writeFileSync(path.join(dir, String(index)), Buffer.from(await answer.arrayBuffer()));
  }
  writeFileSync(path.join(dir, "content-types"), contentTypes.join("\n"));
  const child = spawn(process.execPath, ["-e", FRAME_SERVER, dir, String(port)], { stdio: "ignore" });
  await waitForHttp(`http://127.0.0.1:${port}/frames/0`, 10_000);
  return { paths: frameUrls.map((_, index) => `/frames/${index}`), stop: () => child.kill("SIGTERM") };
}
