// Prisma 7 reads the database URL here rather than from the schema. The npm scripts set DATABASE_URL
// (to an embedded PostgreSQL when the operator gave none), so commands that need a database have one;
// `prisma generate` needs none.
import path from "node:path";
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: {
    path: path.join("prisma", "migrations"),
    seed: "tsx prisma/seed.ts",
  },
  datasource: {
    url: process.env.DATABASE_URL,
    shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL,
  },
});
