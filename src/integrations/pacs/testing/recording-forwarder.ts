import { createServer, request } from "node:http";

/** A plain HTTP forwarder in front of a test PACS that records the path of every request that reaches the PACS. */
export async function startRecordingForwarder(dicomwebUrl: string): Promise<{ url: string; asked: string[]; close(): void }> {
  const target = new URL(dicomwebUrl);
  const asked: string[] = [];
  const server = createServer((req, res) => {
    asked.push(String(req.url));
    const upstream = request({ host: target.hostname, port: target.port, path: `${target.pathname}${req.url}`, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    asked,
    close() {
      server.closeAllConnections();
      server.close();
    },
  };
}
