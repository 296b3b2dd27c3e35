/**
 * A PostgreSQL cluster of its own for one test file: initdb into a temporary folder, pg_ctl on a free port of
 * 127.0.0.1, removed again at the end. Tests that stop and restart the server use it, never the shared server.
 * PostgreSQL refuses to run as root, so as root the binaries run as the `postgres` user (runuser).
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { chown, mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export const PG_BIN_DIR = process.env.PG_BIN_DIR ?? "/usr/lib/postgresql/15/bin";

export interface ThrowawayPostgres {
  port: number;
  /** A connection URL to one of the cluster's databases (default `postgres`). */
  url(database?: string): string;
  start(): Promise<void>;
  /** `pg_ctl stop` in the given mode: fast (what `systemctl restart` does) or immediate (as a crash). */
  stop(mode?: "fast" | "immediate"): Promise<void>;
  /** Stops the server and removes its folder. */
  destroy(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function postgresUser(): Promise<{ uid: number; gid: number } | null> {
  if (process.getuid?.() !== 0) return null;
  try {
    const [uid, gid] = await Promise.all([run("id", ["-u", "postgres"]), run("id", ["-g", "postgres"])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    throw new Error("Running as root, and there is no `postgres` user to run the throw-away PostgreSQL as (PostgreSQL refuses root).");
  }
}

/** `durable: false` (tests) skips fsync; the load benchmark keeps it, as production does. */
export async function startThrowawayPostgres(options: { durable?: boolean } = {}): Promise<ThrowawayPostgres> {
  for (const tool of ["initdb", "pg_ctl", "postgres"]) {
    if (!existsSync(path.join(PG_BIN_DIR, tool))) {
      throw new Error(`PostgreSQL server binaries not found: ${path.join(PG_BIN_DIR, tool)} is missing. Install them (apt-get install -y postgresql-15) or set PG_BIN_DIR.`);
    }
  }
  const owner = await postgresUser();
  const dir = await mkdtemp(path.join(os.tmpdir(), "concilium-pg-"));
  if (owner) await chown(dir, owner.uid, owner.gid);
  const dataDir = path.join(dir, "data");
  const port = await freePort();
  const pgTool = (tool: string, args: string[]) =>
    owner ? run("runuser", ["-u", "postgres", "--", path.join(PG_BIN_DIR, tool), ...args]) : run(path.join(PG_BIN_DIR, tool), args);

  try {
    await pgTool("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"]);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${(error as { stderr?: string }).stderr ?? error}`);
  }
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=40${options.durable ? "" : " -c fsync=off"}`;
  let running = false;
  const cluster: ThrowawayPostgres = {
    port,
    url: (database = "postgres") => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    async start() {
      await pgTool("pg_ctl", ["-D", dataDir, "-o", serverOptions, "-l", path.join(dir, "server.log"), "-w", "-t", "60", "start"]);
      running = true;
    },
    async stop(mode = "fast") {
      await pgTool("pg_ctl", ["-D", dataDir, "-m", mode, "-w", "-t", "60", "stop"]);
      running = false;
    },
    async destroy() {
      if (running) await cluster.stop("immediate").catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    await cluster.start();
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`pg_ctl start failed: ${(error as { stderr?: string }).stderr ?? error}`);
  }
  return cluster;
}
