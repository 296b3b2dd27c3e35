/**
 * Rendered images and thumbnails of compressed CT: a real LIDC slice transcoded at test time (gdcmconv for JPEG 2000
 * and JPEG-LS, OpenJPH for HTJ2K) and rendered through the HTTP edge; lossless copies must render exactly as the
 * uncompressed original does, near-lossless ones within the error bound.
 */
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parseStoredInstance, readFrame } from "@/integrations/dicomweb/pixel-data";
import { sharedSample } from "@/integrations/dicomweb/test-support/sample-files";
import { newUid } from "@/integrations/dicomweb/test-support/synthetic-image";
import { gdcmconv, hasGdcmconv, htj2kLossless, withNewUids } from "@/integrations/dicomweb/test-support/transcode";
import { TS } from "@/integrations/dicomweb/transfer-syntax";
import type { Context } from "@/server/api/trpc";
import type { Database } from "@/server/database/open-database";
import { loadSessionUser } from "@/server/services/auth/load-session-user";
import { bytesSource, importDicom } from "@/server/services/imaging/import-dicom";
import { createFixture, type Fixture } from "@/server/testing/fixture";
import { createTestDatabase } from "@/server/testing/test-database";
import * as routes from "./_lib/handlers";
import { dicomweb } from "./_lib/http";

let signedIn: Context;
vi.mock("@/server/api/context", () => ({ createContext: async () => signedIn }));
const { withGuard } = await import("@/server/http/with-guard");

// JPEG 2000 and JPEG-LS copies are made with gdcmconv, as real PACS send them: a requirement, as Orthanc and Chromium are.
if (!hasGdcmconv()) throw new Error("codecs.int.test needs gdcmconv: apt-get install -y libgdcm-tools (.ci/run installs it).");

let database: Database;
let f: Fixture;
type Variant = "native" | "j2kLossless" | "j2kLossy" | "jlsLossless" | "jlsNearLossless" | "htj2k" | "damagedJ2k" | "damagedHtj2k";
const stored = new Map<Variant, { study: string; series: string; instance: string; transferSyntaxUid: string }>();

/** A copy whose codestream starts with garbage (SOC and SIZ markers overwritten): the file parses, its frame does not decode. */
function damageCodestream(source: Uint8Array): Uint8Array {
  const bytes = withNewUids(source, { series: newUid(), instance: newUid() });
  const instance = parseStoredInstance(bytes);
  const frame = readFrame(instance, 1);
  const at = Buffer.from(bytes).indexOf(Buffer.from(frame.bytes.subarray(0, 64)));
  const damaged = new Uint8Array(bytes);
  damaged.fill(0x5a, at, at + 48);
  return damaged;
}

beforeAll(async () => {
  database = await createTestDatabase();
  f = await createFixture(database.prisma);
  const patient = await f.db.patient.create({ data: { mrn: "LIDC-IDRI-0001", familyName: "Lidc", givenName: "X", birthDate: new Date("1950-01-01T00:00:00Z"), sex: "OTHER", researchPseudonym: "CON-LIDC" } });
  await f.db.case.create({ data: { patientId: patient.id, boardId: f.boardA.id, questionType: "OTHER", clinicalQuestion: "?", referringUserId: f.users.specialist.id } });

  const original = sharedSample("radiology", "lidc-idri-0001", "000066.dcm");
  const copy = () => withNewUids(original, { series: newUid(), instance: newUid() });
  const files: [Variant, Uint8Array][] = [["native", original], ["htj2k", await htj2kLossless(copy())]];
  files.push(["damagedHtj2k", damageCodestream(files[1]![1])]);
  const j2k = gdcmconv(copy(), ["--j2k"]);
  files.push(
    ["j2kLossless", j2k],
    ["j2kLossy", gdcmconv(copy(), ["--j2k", "--lossy", "-r", "10"])],
    ["jlsLossless", gdcmconv(copy(), ["--jpegls"])],
    ["jlsNearLossless", gdcmconv(copy(), ["--jpegls", "--lossy", "-e", "2"])],
    ["damagedJ2k", damageCodestream(j2k)],
  );
  const result = await importDicom(f.db, { id: null, email: "import-cli" }, files.map(([name, bytes]) => bytesSource(name, bytes)), { matchOn: "patient-id-only" });
  expect(result.stored).toBe(files.length);
  files.forEach(([name, bytes], i) => {
    const file = result.files[i]!;
    stored.set(name, { study: file.studyInstanceUid!, series: file.seriesInstanceUid!, instance: file.sopInstanceUid!, transferSyntaxUid: parseStoredInstance(bytes).transferSyntaxUid });
  });
}, 120_000);
afterAll(async () => database?.close());

async function rendered(variant: Variant, query = "", accept = "image/png"): Promise<Response> {
  const ids = stored.get(variant)!;
  signedIn = { db: f.db, user: await loadSessionUser(f.db, f.users.specialist.id) };
  const params = { study: ids.study, series: ids.series, instance: ids.instance };
  return withGuard("dicomweb.study", dicomweb(routes.retrieveRendered))(new Request(`http://localhost/api/dicomweb/r${query}`, { headers: { Accept: accept } }), {
    params: Promise.resolve(params),
  });
}

async function greyPixels(response: Response): Promise<Uint8Array> {
  expect(response.status).toBe(200);
  const { data, info } = await sharp(Buffer.from(await response.arrayBuffer())).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  expect([info.width, info.height, info.channels]).toEqual([512, 512, 1]);
  return new Uint8Array(data);
}

function maxDifference(a: Uint8Array, b: Uint8Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

// Width 256: one grey level per Hounsfield unit, so equal PNGs mean equal decoded values over the window.
const WINDOWS = ["?window=-700,256", "?window=40,256"];

describe("rendered images of compressed CT", () => {
  it("made the copies in the transfer syntaxes under test", () => {
    expect(stored.get("htj2k")!.transferSyntaxUid).toBe(TS.HTJ2K_LOSSLESS);
    expect(stored.get("j2kLossless")!.transferSyntaxUid).toBe(TS.JPEG_2000_LOSSLESS);
    expect(stored.get("j2kLossy")!.transferSyntaxUid).toBe(TS.JPEG_2000);
    expect(stored.get("jlsLossless")!.transferSyntaxUid).toBe(TS.JPEG_LS_LOSSLESS);
    expect(stored.get("jlsNearLossless")!.transferSyntaxUid).toBe(TS.JPEG_LS_NEAR_LOSSLESS);
  });

  it.each<Variant>(["htj2k", "j2kLossless", "jlsLossless"])("renders %s exactly as the uncompressed original", async (variant) => {
    for (const window of WINDOWS) {
      const original = await greyPixels(await rendered("native", window));
      const decoded = await greyPixels(await rendered(variant, window));
      expect(maxDifference(original, decoded)).toBe(0);
    }
    const original = await greyPixels(await rendered("native"));
    expect(await sharp(Buffer.from(original), { raw: { width: 512, height: 512, channels: 1 } }).stats().then((s) => s.channels[0]!.stdev)).toBeGreaterThan(20);
    // A few positions by value: the header window (-600/1600) maps the same stored values to the same grey.
    const decoded = await greyPixels(await rendered(variant));
    for (const [x, y] of [[256, 256], [100, 300], [400, 200], [10, 10]] as const) expect(decoded[y * 512 + x]).toBe(original[y * 512 + x]);
  });

  it("renders near-lossless JPEG-LS within its error bound of 2 and lossy JPEG 2000 (10:1) close to the original", async () => {
    const original = await greyPixels(await rendered("native", WINDOWS[0]));
    expect(maxDifference(original, await greyPixels(await rendered("jlsNearLossless", WINDOWS[0])))).toBeLessThanOrEqual(2);
    const lossy = await greyPixels(await rendered("j2kLossy"));
    const header = await greyPixels(await rendered("native"));
    let sum = 0;
    for (let i = 0; i < lossy.length; i++) sum += Math.abs(lossy[i]! - header[i]!);
    expect(sum / lossy.length).toBeLessThan(2);
  });

  it("serves JPEG and thumbnails of compressed images too", async () => {
    const variant: Variant = "jlsLossless";
    const jpeg = await rendered(variant, "?quality=80", "image/jpeg");
    expect(jpeg.status).toBe(200);
    expect(jpeg.headers.get("content-type")).toBe("image/jpeg");
    const ids = stored.get(variant)!;
    signedIn = { db: f.db, user: await loadSessionUser(f.db, f.users.specialist.id) };
    const thumbnail = await withGuard("dicomweb.study", dicomweb(routes.retrieveSeriesThumbnail))(new Request("http://localhost/api/dicomweb/t"), {
      params: Promise.resolve({ study: ids.study, series: ids.series }),
    });
    expect(thumbnail.status).toBe(200);
    expect((await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata()).width).toBe(192);
  });

  it.each<Variant>(["damagedHtj2k", "damagedJ2k"])("answers a damaged %s codestream with a JSON error, and the codec still decodes the next image", async (variant) => {
    const response = await rendered(variant);
    expect(response.status).toBe(500);
    expect(response.headers.get("content-type")).toMatch(/json/);
    expect((await response.json()).error).toMatch(/could not be decoded; it may be damaged/);
    const good = await greyPixels(await rendered(variant === "damagedJ2k" ? "j2kLossless" : "htj2k"));
    expect(maxDifference(good, await greyPixels(await rendered("native")))).toBe(0);
  });
});
