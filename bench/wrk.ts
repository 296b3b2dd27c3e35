// Requests per second with wrk (a C load generator: the figure is the server's, not the generator's), cycling through
// a list of paths, at a given number of connections.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export const WRK = "/usr/bin/wrk";
export const hasWrk = () => existsSync(WRK);

const CYCLE_SCRIPT = `
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do paths[#paths + 1] = line end
local i = math.random(#paths)
request = function()
  i = i % #paths + 1
  return wrk.format(nil, paths[i])
end
`;

export interface WrkResult {
  requestsPerSecond: number;
  /** Answers other than 2xx/3xx, and socket errors: a figure with these is not a fair one. */
  failures: number;
  p50Ms: number;
  p99Ms: number;
  /**
   * The cores wrk itself kept busy on average (NaN where /proc does not say): on a machine of two, what the load
   * generator takes to read the answers is not left to the server it measures.
   */
  generatorCores: number;
}

/** CPU time of this process's finished children, in seconds (Linux: /proc/self/stat cutime + cstime, in ticks of 1/100 s). */
function childrenCpuSeconds(): number {
  try {
    const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return Number.NaN;
  }
}

function milliseconds(text: string | undefined): number {
  const match = text && /([\d.]+)(us|ms|s)/.exec(text);
  if (!match) return Number.NaN;
  const value = Number(match[1]);
  return match[2] === "us" ? value / 1000 : match[2] === "s" ? value * 1000 : value;
}

/** wrk against `origin` for `seconds`, with `connections` connections, each request the next of `paths`. */
export function runWrk(origin: string, paths: string[], options: { connections: number; seconds: number; headers?: Record<string, string>; workDir: string }): WrkResult {
  mkdirSync(options.workDir, { recursive: true });
  const script = path.join(options.workDir, "cycle.lua");
  const list = path.join(options.workDir, `paths-${process.pid}-${Date.now()}.txt`);
  writeFileSync(script, CYCLE_SCRIPT);
  writeFileSync(list, paths.join("\n") + "\n");
  const threads = Math.min(2, options.connections);
  const args = ["-t", String(threads), "-c", String(options.connections), "-d", `${options.seconds}s`, "--timeout", "10s", "--latency", "-s", script];
  for (const [name, value] of Object.entries(options.headers ?? {})) args.push("-H", `${name}: ${value}`);
  args.push(origin);
  const cpuBefore = childrenCpuSeconds();
  const startedAt = performance.now();
  const run = spawnSync(WRK, args, { env: { ...process.env, WRK_PATHS: list }, encoding: "utf8", timeout: (options.seconds + 30) * 1000 });
  const generatorCores = (childrenCpuSeconds() - cpuBefore) / ((performance.now() - startedAt) / 1000);
  rmSync(list, { force: true });
  const out = run.stdout ?? "";
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? Number.NaN);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const socketErrors = socket ? socket.slice(1).reduce((n, v) => n + Number(v), 0) : 0;
  // The percentiles' own lines ("     50%  698.00us"): a Thread Stats line ending "85.50%" would match too.
  const percentile = (p: number) => milliseconds(new RegExp(`^\\s+${p}%\\s+(\\S+)`, "m").exec(out)?.[1]);
  return { requestsPerSecond: rps, failures: non2xx + socketErrors, p50Ms: percentile(50), p99Ms: percentile(99), generatorCores };
}
