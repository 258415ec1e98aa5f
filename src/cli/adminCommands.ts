import { DEMO_PRACTICE_FILE, readPracticeFile, seedBusiness } from "../adapters/db/businessSeed.ts";
import { localChatSender } from "../adapters/whatsapp/LocalChatSender.ts";
import { loadConfig } from "../app/config.ts";
import { createRapport } from "../app/createRapport.ts";
import { seedDemoCustomers } from "../app/demoCustomers.ts";
import { createLogger } from "../app/logger.ts";
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
export async function runSeedDemo(options: { customers: boolean } = { customers: false }): Promise<number> {
  const config = loadConfig();
  const { opened, cipher } = await openRapportDatabase(config);
  try {
    const practice = await readPracticeFile(DEMO_PRACTICE_FILE);
    const seeded = await seedBusiness(opened.db, practice, config.whatsapp.phoneNumberId);
    process.stdout.write(
      `${seeded.created ? "Created" : "Updated"} ${practice.catalog.name} (${seeded.businessId}): ` +
        `${practice.catalog.staff.length} staff, ${practice.catalog.services.length} services, ` +
        `WhatsApp phone number id ${config.whatsapp.phoneNumberId}.\n`,
    );
    if (options.customers) {
      const rapport = createRapport({
        config,
        db: opened.db,
        cipher,
        logger: createLogger("warn"),
        sender: localChatSender(() => {}),
        worker: { pollMs: 60_000 },
      });
      try {
        const added = await seedDemoCustomers({
          rapport,
          db: opened.db,
          businessId: seeded.businessId,
          phoneNumberId: config.whatsapp.phoneNumberId,
          displayPhone: practice.practice.displayPhone ?? "",
          timezone: practice.catalog.timezone,
        });
        process.stdout.write(
          added > 0
            ? `Added ${added} demo customers: their conversations went through the bot.\n`
            : "The practice has customers already: no demo customers added.\n",
        );
      } finally {
        await rapport.close();
      }
    }
  } finally {
    await opened.close();
  }
  return 0;
}
