// `npm run peer -- add "<name>" <board-slug> [more board slugs]` | `npm run peer -- revoke "<name>"` | `npm run peer -- list`
// DICOMweb peers: another hospital's PACS that reads the named boards' studies from /api/dicomweb (QIDO-RS, WADO-RS).
// `add` prints the peer's token once (only its hash is kept): configure it in the PACS as the password of HTTP Basic
// (any user name) or as `Authorization: Bearer <token>`. Run by the server's administrator; audited as `cli:<login>`.
import os from "node:os";
import { databaseConfigFromEnv, openDatabase } from "@/server/database/open-database";
import { createPeer, listPeers, revokePeer } from "@/server/services/dicomweb-peers/peer-credential";
import { ServiceError } from "@/server/services/errors";

const USAGE = 'Usage: npm run peer -- add "<name>" <board-slug> [more board slugs] | revoke "<name>" | list';

async function main(): Promise<number> {
  const [command, name, ...slugs] = process.argv.slice(2);
  if (!command || !["add", "revoke", "list"].includes(command) || (command !== "list" && !name)) {
    console.error(USAGE);
    return 2;
  }
  const database = await openDatabase(databaseConfigFromEnv());
  const operator = { email: `cli:${os.userInfo().username}` };
  try {
    if (command === "add") {
      const { token } = await createPeer(database.prisma, operator, { name: name!, boardSlugs: slugs });
      console.log(`Peer "${name}" may now read the studies of ${slugs.join(", ")}. Its token (shown only now):\n\n  ${token}\n`);
      console.log("In the PACS: DICOMweb URL https://<this server>/api/dicomweb/, any user name, the token as password.");
    } else if (command === "revoke") {
      await revokePeer(database.prisma, operator, name!);
      console.log(`Peer "${name}" is revoked; its next request is refused.`);
    } else {
      for (const peer of await listPeers(database.prisma)) {
        console.log(`${peer.name}\tboards: ${peer.boards.join(", ")}\tissued ${peer.createdAt.toISOString().slice(0, 10)} by ${peer.createdBy}${peer.revokedAt ? `\trevoked ${peer.revokedAt.toISOString().slice(0, 10)}` : ""}`);
      }
    }
    return 0;
  } catch (error) {
    if (error instanceof ServiceError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await database.close();
  }
}

process.exitCode = await main();
