// `npm run db:seed` (or `prisma db seed`): the demo, into an empty database whose migrations are applied.
import { databaseConfigFromEnv, openDatabase } from "@/server/database/open-database";
import { seedDemo } from "@/server/services/demo/seed-demo";

const db = await openDatabase(databaseConfigFromEnv());
try {
  if ((await db.prisma.user.count()) > 0) {
    console.log("The database already has users; the demo is only seeded into an empty database.");
  } else {
    console.log(`Demo seeded: ${await seedDemo(db.prisma, { now: new Date() })}.`);
  }
} finally {
  await db.close();
}
