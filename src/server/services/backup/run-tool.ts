import { spawn } from "node:child_process";
import { BackupError } from "./backup-manifest";

/** Runs pg_dump or pg_restore; a failure carries the tool's own message (never the URL: it may hold a password). */
export function runTool(command: string, args: string[], env: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, ...env } });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", (error: NodeJS.ErrnoException) =>
      reject(new BackupError(error.code === "ENOENT" ? `${command} was not found: install the PostgreSQL client (apt-get install -y postgresql-client) or set PG_BIN_DIR.` : `${command} could not start: ${error.message}`)),
    );
    child.on("close", (code) => (code === 0 ? resolve() : reject(new BackupError(`${command} failed (exit ${code}): ${stderr.trim().split("\n").slice(-3).join(" ")}`))));
  });
}
