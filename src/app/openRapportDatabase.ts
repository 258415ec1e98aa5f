/**
 * The database and the field cipher, as every command opens them: PostgreSQL with DATABASE_URL and
 * RAPPORT_ENCRYPTION_KEY, or the embedded PGlite in the data folder with a key generated beside it.
 */
import { createFieldCipher, type FieldCipher, loadOrCreateKey } from "../adapters/crypto/fieldEncryption.ts";
import type { OpenedDatabase } from "../adapters/db/database.ts";
import { openDatabase } from "../adapters/db/openDatabase.ts";
import type { RapportConfig } from "./config.ts";

export interface RapportDatabase {
  opened: OpenedDatabase;
  cipher: FieldCipher;
}

export async function openRapportDatabase(
  config: RapportConfig,
  options: { backendNiceness?: number } = {},
): Promise<RapportDatabase> {
  const cipher = createFieldCipher(config.encryptionKey ?? loadOrCreateKey(config.dataDir));
  const opened = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    backendNiceness: options.backendNiceness,
  });
  return { opened, cipher };
}
