import { defineConfig } from "drizzle-kit";

// `npx drizzle-kit generate` writes SQL migrations into ./drizzle; the app applies them itself
// (src/adapters/db/migrate.ts) on PGlite and on PostgreSQL alike.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/adapters/db/schema.ts",
  out: "./drizzle",
});
