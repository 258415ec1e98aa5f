import { DEMO_PRACTICE_FILE, readPracticeFile, seedBusiness } from "../adapters/db/businessSeed.ts";
import { loadConfig } from "../app/config.ts";
import { openRapportDatabase } from "../app/openRapportDatabase.ts";

/** `rapport migrate`: opening the database applies pending migrations. */
export async function runMigrate(): Promise<number> {
  const config = loadConfig();
  const { opened } = await openRapportDatabase(config);
  await opened.close();
  process.stdout.write(
    `Database migrated (${opened.kind === "pglite" ? `embedded, ${config.dataDir}` : "PostgreSQL"}).\n`,
  );
  return 0;
}

/** `rapport seed-demo`: creates or updates the demo practice and connects its WhatsApp number. */
export async function runSeedDemo(): Promise<number> {
  const config = loadConfig();
  const { opened } = await openRapportDatabase(config);
  try {
    const practice = await readPracticeFile(DEMO_PRACTICE_FILE);
    const seeded = await seedBusiness(opened.db, practice, config.whatsapp.phoneNumberId);
    process.stdout.write(
      `${seeded.created ? "Created" : "Updated"} ${practice.catalog.name} (${seeded.businessId}): ` +
        `${practice.catalog.staff.length} staff, ${practice.catalog.services.length} services, ` +
        `WhatsApp phone number id ${config.whatsapp.phoneNumberId}.\n`,
    );
  } finally {
    await opened.close();
  }
  return 0;
}
