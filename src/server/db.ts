import path from "node:path";
import type { PrismaClient } from "@/generated/prisma/client";
import { databaseConfigFromEnv, openDatabase, type Database } from "./database/open-database";

// One database per process, kept on globalThis so that Next's module reloads in development share it
// (PGlite allows a single process per data directory).
const holder = globalThis as unknown as { conciliumDatabase?: Promise<Database> };

export function getDatabase(): Promise<Database> {
  // A failed open (PostgreSQL restarting when the first request came) is not kept: the next request tries again.
  holder.conciliumDatabase ??= openDatabase(databaseConfigFromEnv()).catch((error: unknown) => {
    holder.conciliumDatabase = undefined;
    throw error;
  });
  return holder.conciliumDatabase;
}

export async function getPrisma(): Promise<PrismaClient> {
  return (await getDatabase()).prisma;
}

export const MIGRATIONS_DIR = path.resolve(process.cwd(), "prisma", "migrations");
