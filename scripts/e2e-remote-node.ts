// For the e2e tests: a second Orthanc (Debian orthanc + orthanc-dicomweb) plays another hospital's PACS on
// 127.0.0.1:REMOTE_NODE_PORT, holding one synthetic CT study of the demo patient BRENNAN, Thomas (MRN-100103).
// Once the study is uploaded it answers on 127.0.0.1:REMOTE_NODE_READY_PORT, which Playwright waits for.
import { readdirSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import { syntheticImage } from "../src/integrations/dicomweb/test-support/synthetic-image";
import { startOrthanc } from "../src/integrations/pacs/testing/orthanc";

const port = Number(process.env.REMOTE_NODE_PORT);
const readyPort = Number(process.env.REMOTE_NODE_READY_PORT);
const username = process.env.REMOTE_NODE_USERNAME ?? "concilium";
const password = process.env.REMOTE_NODE_PASSWORD ?? "e2e-remote-secret";
const E2E_REMOTE_STUDY = "2.25.900100103000000000000000000000001";

// Playwright ends this process without a signal we can act on: remove what an earlier run on this port left.
const tempPrefix = `concilium-e2e-orthanc-${port}-`;
for (const name of readdirSync(os.tmpdir()).filter((n) => n.startsWith(tempPrefix))) rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
const orthanc = await startOrthanc({ port, name: "St Elsewhere", username, password, tempPrefix });
const stop = () => void orthanc.stop().finally(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

const series = "2.25.900100103000000000000000000000002";
for (let i = 1; i <= 5; i++) {
  const { bytes } = syntheticImage({ patientId: "MRN-100103", patientName: "BRENNAN^THOMAS", birthDate: "19471121", study: E2E_REMOTE_STUDY, series, sop: `${series}.${i}`, instanceNumber: i, studyDate: "20250110", rows: 64, columns: 64 });
  await orthanc.upload(bytes);
}
createServer((_req, res) => res.end("ready")).listen(readyPort, "127.0.0.1");
