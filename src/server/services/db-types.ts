import type { Prisma, PrismaClient } from "@/generated/prisma/client";

/** A Prisma client or a transaction on one: services accept either so callers can compose them. */
export type Db = PrismaClient | Prisma.TransactionClient;

/** The signed-in user as the services see them. */
export interface Actor {
  id: string;
  email: string;
}
