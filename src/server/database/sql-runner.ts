import type { PGlite, Transaction } from "@electric-sql/pglite";
import type pg from "pg";

/** The minimum of raw SQL the app needs outside Prisma: migrations, test set-up, LISTEN/NOTIFY later. */
export interface SqlRunner {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
  /** Runs a multi-statement script (no parameters). */
  exec(script: string): Promise<void>;
  /** Runs fn in one transaction: all of it or nothing. */
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
}

export function pgliteRunner(db: PGlite | Transaction): SqlRunner {
  return {
    async query<Row>(text: string, params?: unknown[]) {
      const result = await db.query<Row>(text, params);
      return result.rows;
    },
    async exec(script: string) {
      await db.exec(script);
    },
    async transaction<T>(fn: (tx: SqlRunner) => Promise<T>) {
      if (!("transaction" in db)) return fn(this);
      return (db as PGlite).transaction((tx) => fn(pgliteRunner(tx)));
    },
  };
}

type Queryable = Pick<pg.Pool, "query"> | Pick<pg.PoolClient, "query">;

export function pgRunner(pool: pg.Pool): SqlRunner {
  const on = (client: Queryable, inTransaction: boolean): SqlRunner => ({
    async query<Row>(text: string, params?: unknown[]) {
      const result = await client.query(text, params as unknown[] | undefined);
      return result.rows as Row[];
    },
    async exec(script: string) {
      await client.query(script);
    },
    async transaction<T>(fn: (tx: SqlRunner) => Promise<T>) {
      if (inTransaction) return fn(this);
      const conn = await pool.connect();
      try {
        await conn.query("BEGIN");
        const result = await fn(on(conn, true));
        await conn.query("COMMIT");
        return result;
      } catch (error) {
        await conn.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        conn.release();
      }
    },
  });
  return on(pool, false);
}
