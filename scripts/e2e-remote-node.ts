// For the e2e tests: a second Orthanc (Debian orthanc + orthanc-dicomweb) plays another hospital's PACS on
// 127.0.0.1:REMOTE_NODE_PORT, holding one synthetic CT study of the demo patient BRENNAN, Thomas (MRN-100103).
// Once the study is uploaded it answers on 127.0.0.1:REMOTE_NODE_READY_PORT, which Playwright waits for.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import { syntheticImage } from "../src/integrations/dicomweb/test-support/synthetic-image";

const port = Number(process.env.REMOTE_NODE_PORT);
const readyPort = Number(process.env.REMOTE_NODE_READY_PORT);
const username = process.env.REMOTE_NODE_USERNAME ?? "concilium";
const password = process.env.REMOTE_NODE_PASSWORD ?? "e2e-remote-secret";
const E2E_REMOTE_STUDY = "2.25.900100103000000000000000000000001";

// Playwright ends this process without a signal we can act on: remove what an earlier run on this port left.
const prefix = `concilium-e2e-orthanc-${port}-`;
for (const name of readdirSync(os.tmpdir()).filter((n) => n.startsWith(prefix))) rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
const plugins = "/usr/share/orthanc/plugins";
writeFileSync(
  path.join(dir, "orthanc.json"),
  JSON.stringify({
    Name: "St Elsewhere",
    StorageDirectory: path.join(dir, "db"),
    IndexDirectory: path.join(dir, "db"),
    Plugins: [path.join(plugins, "libOrthancDicomWeb.so")],
    HttpPort: port,
    RemoteAccessAllowed: false,
    DicomServerEnabled: false,
    OrthancExplorerEnabled: false,
    WebDavEnabled: false,
    AuthenticationEnabled: true,
    RegisteredUsers: { [username]: password },
    DicomWeb: { Enable: true, Root: "/dicom-web/" },
  }),
);
const orthanc = spawn("/usr/sbin/Orthanc", [path.join(dir, "orthanc.json")], { stdio: "ignore" });
const stop = () => {
  orthanc.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

const auth = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
const base = `http://127.0.0.1:${port}`;
for (let tries = 0; ; tries++) {
  if (await fetch(`${base}/system`, { headers: { Authorization: auth } }).then((r) => r.ok, () => false)) break;
  if (tries > 300 || orthanc.exitCode !== null) throw new Error("The e2e remote node (Orthanc) did not start.");
  await new Promise((r) => setTimeout(r, 100));
}
const series = "2.25.900100103000000000000000000000002";
for (let i = 1; i <= 5; i++) {
  const { bytes } = syntheticImage({ patientId: "MRN-100103", patientName: "BRENNAN^THOMAS", birthDate: "19471121", study: E2E_REMOTE_STUDY, series, sop: `${series}.${i}`, instanceNumber: i, studyDate: "20250110", rows: 64, columns: 64 });
  const response = await fetch(`${base}/instances`, { method: "POST", headers: { Authorization: auth, "Content-Type": "application/dicom" }, body: new Blob([new Uint8Array(bytes)]) });
  if (!response.ok) throw new Error(`Orthanc refused the upload (HTTP ${response.status}).`);
}
createServer((_req, res) => res.end("ready")).listen(readyPort, "127.0.0.1");
