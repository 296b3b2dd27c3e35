// Tile throughput: the app's guarded tile endpoint beside nginx serving the very same JPEG files.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { waitForHttp } from "./http";

/** Every tile of the pyramid's levels from `minLevel` up, as level/col_row paths. */
export function listTiles(tilesDir: string, minLevel: number): string[] {
  const tiles: string[] = [];
  for (const level of readdirSync(tilesDir)) {
    if (Number(level) < minLevel) continue;
    for (const file of readdirSync(path.join(tilesDir, level))) tiles.push(`${level}/${file}`);
  }
  return tiles;
}

/** Requests per second over `seconds`, with `concurrency` requests in flight, cycling through the tile list. */
export async function throughput(urlOf: (tile: string) => string, tiles: string[], headers: Record<string, string>, seconds = 5, concurrency = 8) {
  let next = 0;
  let done = 0;
  const deadline = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const res = await fetch(urlOf(tiles[next++ % tiles.length]!), { headers });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`tile request answered ${res.status}`);
      done++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return done / ((performance.now() - started) / 1000);
}

/** nginx on 127.0.0.1 serving `tilesDir` under /tiles/, or null when nginx is not installed. */
export async function startNginx(tilesDir: string, port: number, workDir: string): Promise<{ stop(): void } | null> {
  if (!existsSync("/usr/sbin/nginx")) return null;
  mkdirSync(workDir, { recursive: true });
  const conf = path.join(workDir, "nginx.conf");
  writeFileSync(
    conf,
    `worker_processes 1;
pid ${workDir}/nginx.pid;
error_log ${workDir}/error.log;
daemon off;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${workDir}/body;
  proxy_temp_path ${workDir}/proxy;
  fastcgi_temp_path ${workDir}/fastcgi;
  uwsgi_temp_path ${workDir}/uwsgi;
  scgi_temp_path ${workDir}/scgi;
  sendfile on;
  server {
    listen 127.0.0.1:${port};
    location /tiles/ { alias ${tilesDir}/; default_type image/jpeg; }
  }
}
`,
  );
  const child = spawn("/usr/sbin/nginx", ["-c", conf, "-p", workDir], { stdio: "ignore" });
  const tile = listTiles(tilesDir, 0)[0]!;
  await waitForHttp(`http://127.0.0.1:${port}/tiles/${tile}`, 10_000);
  return { stop: () => child.kill("SIGTERM") };
}
