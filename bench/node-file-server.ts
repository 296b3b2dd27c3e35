// The baseline of the tile figures: a plain Node `http` + `fs` server on the very same tile files, in a process of
// its own (as the app is), with no routing, session or access check.
import { spawn } from "node:child_process";
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
