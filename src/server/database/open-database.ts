import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "@/generated/prisma/client";
import { pgliteRunner, pgRunner, type SqlRunner } from "./sql-runner";

export type DatabaseConfig =
  | { kind: "postgres"; url: string; /** isolate in this schema (tests) */ schema?: string }
  | { kind: "pglite"; /** a directory, or "memory://" */ dataDir: string };

export interface Database {
  kind: DatabaseConfig["kind"];
  prisma: PrismaClient;
  sql: SqlRunner;
  /** Where the data lives, without credentials: safe to print. */
  description: string;
  /** How to LISTEN for notifications: a dedicated connection to this URL, or the embedded instance itself. */
  listenVia: { kind: "postgres"; url: string } | { kind: "pglite"; client: PGlite };
  close(): Promise<void>;
}

export class DatabaseUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DatabaseUnavailableError";
  }
}

/** PostgreSQL when DATABASE_URL is set, otherwise the embedded PGlite under CONCILIUM_DATA_DIR (default ./data). */
export function databaseConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  if (env.DATABASE_URL) return { kind: "postgres", url: env.DATABASE_URL };
  return { kind: "pglite", dataDir: path.resolve(env.CONCILIUM_DATA_DIR ?? "data", "pglite") };
}

export function describePostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    return `PostgreSQL at ${u.hostname}:${u.port || "5432"}${u.pathname}`;
  } catch {
    return "PostgreSQL (DATABASE_URL is not a valid URL)";
  }
}

export interface OpenOptions {
  /** Called once per SQL statement sent to PGlite; used by the benchmarks to count queries. */
  onQuery?: (sql: string) => void;
}

export async function openDatabase(config: DatabaseConfig, options: OpenOptions = {}): Promise<Database> {
  return config.kind === "postgres" ? openPostgres(config) : openPglite(config.dataDir, options);
}

async function openPostgres(config: { url: string; schema?: string }): Promise<Database> {
  const description = describePostgresUrl(config.url);
  const pool = new pg.Pool({
    connectionString: config.url,
    max: 10,
    connectionTimeoutMillis: 5_000,
    ...(config.schema ? { options: `-c search_path=${config.schema}` } : {}),
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on("error", () => undefined);
  try {
    await pool.query("SELECT 1");
  } catch (error) {
    await pool.end().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseUnavailableError(`Cannot reach ${description}: ${reason}`, { cause: error });
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, config.schema ? { schema: config.schema } : undefined) });
  return {
    kind: "postgres",
    prisma,
    sql: pgRunner(pool),
    description,
    listenVia: { kind: "postgres", url: config.url },
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

async function openPglite(dataDir: string, options: OpenOptions): Promise<Database> {
  const inMemory = dataDir.startsWith("memory://");
  let client: PGlite;
  try {
    if (!inMemory) await mkdir(dataDir, { recursive: true });
    client = await PGlite.create(inMemory ? undefined : dataDir);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseUnavailableError(
      `Cannot open the embedded database in ${dataDir}: ${reason}. Is another Concilium process using it?`,
      { cause: error },
    );
  }
  if (options.onQuery) countQueries(client, options.onQuery);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(client) });
  return {
    kind: "pglite",
    prisma,
    sql: pgliteRunner(client),
    listenVia: { kind: "pglite", client },
    description: inMemory ? "embedded PGlite (in memory)" : `embedded PGlite in ${dataDir}`,
    async close() {
      await prisma.$disconnect();
      await client.close();
    },
  };
}

function countQueries(client: PGlite, onQuery: (sql: string) => void) {
  const query = client.query.bind(client);
  client.query = ((text: string, ...rest: unknown[]) => {
    onQuery(text);
    return (query as (...a: unknown[]) => unknown)(text, ...rest);
  }) as PGlite["query"];
  const transaction = client.transaction.bind(client);
  client.transaction = ((fn: (tx: Parameters<Parameters<PGlite["transaction"]>[0]>[0]) => Promise<unknown>) =>
    transaction((tx) => {
      const txQuery = tx.query.bind(tx);
      tx.query = ((text: string, ...rest: unknown[]) => {
        onQuery(text);
        return (txQuery as (...a: unknown[]) => unknown)(text, ...rest);
      }) as typeof tx.query;
      return fn(tx);
    })) as PGlite["transaction"];
}
