import { pacsFromEnv, PacsConfigError, type PacsConfig } from "./pacs-config";

/** Another hospital's DICOMweb server that users may query by patient and retrieve studies from. */
export interface RemoteNode extends PacsConfig {
  /** Short stable key, as listed in CONCILIUM_REMOTE_NODES (letters, digits, dashes). */
  id: string;
}

const NODE_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;

/**
 * CONCILIUM_REMOTE_NODES lists the node keys ("st-elsewhere,regional"); each key has the same settings as the
 * site's own PACS under CONCILIUM_REMOTE_<KEY>_ (URL, NAME, USERNAME/PASSWORD or TOKEN, TIMEOUT_MS), the key in
 * capitals with dashes as underscores. Credentials live in the environment (a secret store), never in the database.
 */
export function remoteNodesFromEnv(env: Record<string, string | undefined> = process.env): RemoteNode[] {
  const keys = (env.CONCILIUM_REMOTE_NODES ?? "")
    .split(",")
    .map((k) => k.trim().toLowerCase())
    .filter(Boolean);
  const nodes: RemoteNode[] = [];
  for (const id of [...new Set(keys)]) {
    if (!NODE_ID.test(id)) throw new PacsConfigError(`CONCILIUM_REMOTE_NODES: "${id}" is not a valid node key (letters, digits and dashes).`);
    const prefix = `CONCILIUM_REMOTE_${id.toUpperCase().replace(/-/g, "_")}_`;
    const own = (name: string) => env[`${prefix}${name}`];
    if (!own("URL")) throw new PacsConfigError(`${prefix}URL is not set for the remote node "${id}".`);
    let config: PacsConfig | null;
    try {
      config = pacsFromEnv({
        CONCILIUM_PACS_URL: own("URL"),
        CONCILIUM_PACS_NAME: own("NAME") ?? id,
        CONCILIUM_PACS_USERNAME: own("USERNAME"),
        CONCILIUM_PACS_PASSWORD: own("PASSWORD"),
        CONCILIUM_PACS_TOKEN: own("TOKEN"),
        CONCILIUM_PACS_TIMEOUT_MS: own("TIMEOUT_MS"),
      });
    } catch (error) {
      throw new PacsConfigError(error instanceof Error ? error.message.replace("CONCILIUM_PACS_URL", `${prefix}URL`) : String(error));
    }
    nodes.push({ id, ...config! });
  }
  return nodes;
}
