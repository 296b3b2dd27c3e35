// The HTTP server of `npm start` (and of the e2e tests and the benchmark): Next's request handler, with the fast path
// for slide tiles and WADO-RS frames in front of it (src/server/fast-path, installed by src/instrumentation.ts).
//   node scripts/serve.mjs [--dev] [-p PORT] [-H HOST]
import { createServer } from "node:http";
import next from "next";

const args = process.argv.slice(2);
const option = (flag, fallback) => {
  const at = args.indexOf(flag);
  return at === -1 ? fallback : args[at + 1];
};
const dev = args.includes("--dev");
const port = Number(option("-p", process.env.PORT ?? "3000"));
const hostname = option("-H", process.env.HOSTNAME);

const app = next({ dev, port, hostname: hostname ?? "localhost" });
const handleNext = app.getRequestHandler();
await app.prepare();
// CONCILIUM_FAST_PATH=off serves everything through Next (for comparison figures in the benchmark).
const FAST_PATH = process.env.CONCILIUM_FAST_PATH === "off" ? null : Symbol.for("concilium.fastPath");

const server = createServer((req, res) => {
  const fast = FAST_PATH && globalThis[FAST_PATH];
  if (!fast) return void handleNext(req, res);
  let answered;
  try {
    // true or false at once when the fast path answered from memory (no promise: see src/server/fast-path/fast-answer.ts).
    answered = fast(req, res);
  } catch {
    answered = res.headersSent ? true : false;
  }
  if (answered === true) return;
  if (answered === false) return void handleNext(req, res);
  answered.then(
    (done) => {
      if (!done) return handleNext(req, res);
    },
    () => {
      if (!res.headersSent) return handleNext(req, res);
      res.destroy();
    },
  );
});
// As `next start`: connections are kept alive for browsers and load balancers.
server.keepAliveTimeout = 65_000;
server.listen(port, hostname, () => console.log(`Concilium ready on http://${hostname ?? "localhost"}:${port}${dev ? " (development)" : ""}`));
// As `next start`: a stop ends the process at once (the database writes are transactions).
let stopRequested = false;
for (const signal of ["SIGINT", "SIGTERM"])
  process.on(signal, () => {
    stopRequested = true;
    console.error(`Concilium stopping (${signal}).`);
    process.exit(0);
  });
// An exit nobody asked for (a library calling process.exit) says where it came from: no patient data is in a stack.
process.on("exit", (code) => {
  if (!stopRequested) console.error(`Concilium stopped without being asked to (exit code ${code}).\n${new Error("stopped here").stack}`);
});
