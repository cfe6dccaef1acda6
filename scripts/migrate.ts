// `npm run db:migrate`: applies the committed Prisma migrations, then graphile-worker's own schema.
import { getDatabaseUrl } from "@/lib/env";
import { migrateJobQueue } from "@/lib/jobs/runner";
import { migrateDatabase } from "./lib/database";

const url = getDatabaseUrl();
await migrateDatabase(url);
await migrateJobQueue(url);
console.log("Database schema and job queue are up to date.");
