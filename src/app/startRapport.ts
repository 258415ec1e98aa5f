/**
 * `rapport serve`: open (and migrate) the database, seed the demo practice, start the HTTP server and
 * the inbox worker (which resumes whatever was left pending), and say how to reach it.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { DEMO_PRACTICE_FILE, readPracticeFile, seedBusiness } from "../adapters/db/businessSeed.ts";
import { requeueRunningJobs } from "../adapters/db/inboundQueue.ts";
import { WEB_DIST_DIR } from "../adapters/http/webUi.ts";
import { WEBHOOK_PATH } from "../adapters/http/whatsappWebhook.ts";
import type { RapportConfig } from "./config.ts";
import { createRapport, type Rapport } from "./createRapport.ts";
import { createLogger } from "./logger.ts";
import { openRapportDatabase } from "./openRapportDatabase.ts";
import { WORKER_NICENESS, WorkerProcess } from "./WorkerProcess.ts";

export interface RunningRapport extends Rapport {
  url: string;
  /** Stops the server and the worker, then closes the database (and releases the data folder). */
  shutdown(): Promise<void>;
}

/** `env` is what a worker child process is started with: the environment `config` was loaded from. */
export async function startRapport(
  config: RapportConfig,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunningRapport> {
  const logger = createLogger(config.logLevel);
  const { opened, cipher } = await openRapportDatabase(config);
  try {
    const practice = await readPracticeFile(DEMO_PRACTICE_FILE);
    const seeded = await seedBusiness(opened.db, practice, config.whatsapp.phoneNumberId);
    if (opened.kind === "pglite") {
      // This process owns the embedded database: anything "running" belonged to one that is gone.
      const requeued = await requeueRunningJobs(opened.db);
      if (requeued > 0) logger.info({ requeued }, "inbox: resuming interrupted work");
    }
    const workerProcess =
      config.worker === "process" ? new WorkerProcess({ env, logger, niceness: WORKER_NICENESS }) : null;
    const rapport = createRapport({
      config,
      db: opened.db,
      ingestDb: opened.ingestDb,
      cipher,
      logger,
      ...(workerProcess && { onQueued: () => workerProcess.wake() }),
    });
    if (workerProcess) await workerProcess.start();
    const address = await rapport.app.listen({ port: config.port, host: config.host });
    if (config.worker === "inline") rapport.worker.start();
    process.stdout.write(banner(config, address, practice.catalog.name, seeded.created, opened.kind));
    if ((await rapport.auth.userCount()) === 0) {
      // On the console only (never in the log): whoever claims a fresh server must be able to read it.
      process.stdout.write(
        `  first run: open ${address}/ and create the owner with the setup code ${rapport.setupCode}\n` +
          `             (or POST ${address}/api/setup { "email", "password", "setupCode" }; ` +
          "or, with the server stopped, `npx rapport user add`)\n\n",
      );
    }
    return {
      ...rapport,
      url: address,
      async shutdown() {
        try {
          await rapport.close();
          await workerProcess?.stop();
        } finally {
          await opened.close();
        }
      },
    };
  } catch (error) {
    await opened.close();
    throw error;
  }
}

function banner(
  config: RapportConfig,
  url: string,
  business: string,
  created: boolean,
  kind: string,
): string {
  const database = kind === "pglite" ? `embedded PGlite in ${config.dataDir}` : "PostgreSQL (DATABASE_URL)";
  const worker = {
    inline: "in this process",
    process: "in a child process (`rapport worker`)",
    off: "not here (RAPPORT_WORKER=off: run `rapport worker`)",
  }[config.worker];
  const panelBuilt = existsSync(join(WEB_DIST_DIR, "index.html"));
  const warnings = [
    !panelBuilt && "the admin panel is not built (web/dist): run `npm run build:web`",
    !config.whatsapp.appSecret && "WHATSAPP_APP_SECRET is not set: every webhook POST is refused (401)",
    !config.whatsapp.verifyToken && "WHATSAPP_VERIFY_TOKEN is not set: Meta's verification handshake fails",
    !config.whatsapp.accessToken && "WHATSAPP_ACCESS_TOKEN is not set: replies are recorded but not sent",
    !config.adminToken &&
      "RAPPORT_ADMIN_TOKEN is not set: the admin API takes logins only (`rapport user add`)",
  ].filter(Boolean);
  return [
    "",
    `Rapport is listening on ${url}`,
    `  business:  ${business}${created ? " (seeded now)" : ""}, WhatsApp phone number id ${config.whatsapp.phoneNumberId}`,
    `  database:  ${database}`,
    `  worker:    ${worker}`,
    `  webhook:   ${url}${WEBHOOK_PATH}  (GET: Meta's verification, POST: deliveries)`,
    `  admin:     ${url}/  (the panel in the browser; API under /api, POST /api/login or Authorization: Bearer $RAPPORT_ADMIN_TOKEN)`,
    "  chat:      stop the server, then `npx rapport chat --phone +41791234567` (same pipeline, in the terminal)",
    ...warnings.map((warning) => `  note:      ${warning}`),
    "",
  ].join("\n");
}
