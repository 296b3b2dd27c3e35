import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { handleFast } from "../lean-handler";

/** The fast path over HTTP as the custom server runs it (scripts/serve.mjs); what it leaves to Next is answered 599. */
export async function startFastPathServer(): Promise<{ base: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    void Promise.resolve(handleFast(req, res)).then((answered) => {
      if (answered) return;
      res.writeHead(599);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
