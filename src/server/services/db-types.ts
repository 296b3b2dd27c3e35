import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import type { RoleName } from "@/domain/roles";

/** A Prisma client or a transaction on one: services accept either so callers can compose them. */
export type Db = PrismaClient | Prisma.TransactionClient;

/** Where a request came from, for the audit log: client address and user agent, when the request gives them. */
export interface RequestSource {
  ip: string | null;
  userAgent: string | null;
}

/** The signed-in user as the services see them. */
export interface Actor {
  id: string;
  email: string;
  /** The role decides the audit ground (board membership or administration); absent for system actors. */
  role?: RoleName;
  /** Set on the request's user by the tRPC context, so every audit event of the request says where it came from. */
  source?: RequestSource;
  /**
   * An outside expert's share session (issue 15) acting through the image routes: no account, so the audit log
   * records their address without a user id, on the EXPERT_SHARE ground.
   */
  expertShareId?: string;
}
