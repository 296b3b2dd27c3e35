import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";

const ORTHANC = "/usr/sbin/Orthanc";
const PLUGINS = "/usr/share/orthanc/plugins";

export interface RunningOrthanc {
  /** DICOMweb root, e.g. http://127.0.0.1:41234/dicom-web */
  dicomwebUrl: string;
  restUrl: string;
  username: string;
  password: string;
  upload(bytes: Uint8Array): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * Starts a real Orthanc (Debian packages orthanc, orthanc-dicomweb, orthanc-gdcm) for a test, on 127.0.0.1 only:
 * remote access and the DICOM port are off, storage is a fresh temporary folder, and HTTP needs a password.
 */
export interface OrthancOptions {
  /** Other DICOMweb nodes this Orthanc may query and pull from (its DICOMweb client), e.g. Concilium. */
  dicomwebServers?: Record<string, unknown>;
  /** A fixed port (the e2e remote node, which Playwright's config names); else a free one. */
  port?: number;
  name?: string;
  username?: string;
  password?: string;
  /** Prefix of the temporary storage folder, so that a caller can clear what a killed run left behind. */
  tempPrefix?: string;
}

export async function startOrthanc(options: OrthancOptions = {}): Promise<RunningOrthanc> {
  if (!existsSync(ORTHANC) || !existsSync(path.join(PLUGINS, "libOrthancDicomWeb.so"))) {
    throw new Error("The PACS tests need a real Orthanc: apt-get install -y orthanc orthanc-dicomweb orthanc-gdcm");
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), options.tempPrefix ?? "concilium-orthanc-"));
  const port = options.port ?? (await freePort());
  const username = options.username ?? "concilium";
  const password = options.password ?? "pacs-test-secret";
  const config = {
    Name: options.name ?? "ConciliumTest",
    StorageDirectory: path.join(dir, "db"),
    IndexDirectory: path.join(dir, "db"),
    Plugins: [path.join(PLUGINS, "libOrthancDicomWeb.so"), path.join(PLUGINS, "libOrthancGdcm.so")],
    HttpPort: port,
    RemoteAccessAllowed: false,
    DicomServerEnabled: false,
    OrthancExplorerEnabled: false,
    WebDavEnabled: false,
    AuthenticationEnabled: true,
    RegisteredUsers: { [username]: password },
    DicomWeb: { Enable: true, Root: "/dicom-web/", ...(options.dicomwebServers ? { Servers: options.dicomwebServers } : {}) },
  };
  const configPath = path.join(dir, "orthanc.json");
  await writeFile(configPath, JSON.stringify(config));
  const child: ChildProcess = spawn(ORTHANC, [configPath], { stdio: "ignore" });
  const restUrl = `http://127.0.0.1:${port}`;
  const auth = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;

  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      if ((await fetch(`${restUrl}/system`, { headers: { Authorization: auth } })).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill("SIGKILL");
      throw new Error("Orthanc did not start within 20 s.");
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    dicomwebUrl: `${restUrl}/dicom-web`,
    restUrl,
    username,
    password,
    async upload(bytes) {
      const response = await fetch(`${restUrl}/instances`, { method: "POST", headers: { Authorization: auth, "Content-Type": "application/dicom" }, body: new Blob([new Uint8Array(bytes)]) });
      if (!response.ok) throw new Error(`Orthanc refused the upload (HTTP ${response.status}).`);
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
