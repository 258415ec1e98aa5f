/**
 * The composition root: repositories, use cases, the inbox worker and the HTTP plugins wired
 * together around one database. `startRapport` (serve) and the tests build the app through here.
 */
import { randomBytes } from "node:crypto";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from "fastify";
import type { Logger } from "pino";
import { AuthService, deleteExpiredSessions } from "../adapters/auth/AuthService.ts";
import type { FieldCipher } from "../adapters/crypto/fieldEncryption.ts";
import { AppointmentRepository } from "../adapters/db/AppointmentRepository.ts";
import { BusinessDirectory } from "../adapters/db/BusinessDirectory.ts";
import { ContactRepository } from "../adapters/db/ContactRepository.ts";
import type { Database } from "../adapters/db/database.ts";
import { MessageRepository } from "../adapters/db/MessageRepository.ts";
import { ProfileRepository } from "../adapters/db/ProfileRepository.ts";
import { adminApi } from "../adapters/http/adminApi.ts";
import { authRoutes } from "../adapters/http/sessionAuth.ts";
import { webUi } from "../adapters/http/webUi.ts";
import { whatsappWebhook } from "../adapters/http/whatsappWebhook.ts";
import { GraphApiSender } from "../adapters/whatsapp/GraphApiSender.ts";
import { AcceptWebhookEvents } from "../application/AcceptWebhookEvents.ts";
import { BookingDesk } from "../application/BookingDesk.ts";
import { BusyTimesCache } from "../application/BusyTimesCache.ts";
import { EditContactProfile } from "../application/EditContactProfile.ts";
import { ExpireHealthNotes } from "../application/ExpireHealthNotes.ts";
import { HandleInboundMessage } from "../application/HandleInboundMessage.ts";
import type { ReplySender } from "../application/ports.ts";
import type { RapportConfig } from "./config.ts";
import { InboxWorker, type InboxWorkerOptions } from "./InboxWorker.ts";

export interface RapportParts {
  config: RapportConfig;
  db: Database;
  /** The webhook's own connections (see `OpenedDatabase.ingestDb`); defaults to `db`. */
  ingestDb?: Database | undefined;
  cipher: FieldCipher;
  logger: Logger;
  /** Defaults to the Graph API sender (or, without an access token, one that records a failure). */
  sender?: ReplySender;
  now?: () => Date;
  worker?: Partial<
    Pick<InboxWorkerOptions, "batchSize" | "lanes" | "concurrency" | "pollMs" | "leaseSeconds">
  >;
  /** New work is in the inbox. Defaults to waking this process's worker. */
  onQueued?: () => void;
  /** The first-run setup code; a random one when not given. */
  setupCode?: string;
  /** The admin panel's build (default `web/dist`). */
  webDistDir?: string;
}

export interface Rapport {
  app: FastifyInstance;
  worker: InboxWorker;
  intake: AcceptWebhookEvents;
  handler: HandleInboundMessage;
  directory: BusinessDirectory;
  contacts: ContactRepository;
  messages: MessageRepository;
  profiles: ProfileRepository;
  /** Users, logins, sessions and the access log. */
  auth: AuthService;
  /** What `POST /api/setup` must carry to create the first owner (printed by `serve`). */
  setupCode: string;
  /** Stops the worker (finishing jobs in hand) and the HTTP server. The database stays open. */
  close(): Promise<void>;
}

/** The second half of the inbox on its own: what `rapport worker` runs, and `serve` inline. */
export function createInboxWorker(parts: Omit<RapportParts, "ingestDb" | "onQueued">) {
  const { config, db, cipher, logger } = parts;
  const directory = new BusinessDirectory(db);
  const contacts = new ContactRepository(cipher);
  const messages = new MessageRepository(cipher);
  const profiles = new ProfileRepository(cipher);
  const appointments = new AppointmentRepository();
  const busyTimes = new BusyTimesCache({ db, appointments });
  const bookingDesk = new BookingDesk({ db, directory, appointments, busyTimes });
  // One sender for the bot's replies and staff replies from the admin panel.
  const sender = parts.sender ?? defaultSender(config);
  const handler = new HandleInboundMessage({
    db,
    directory,
    contacts,
    messages,
    profiles,
    sender,
    logger,
    bookingDesk,
    ...(parts.now && { now: parts.now }),
  });
  // Health notes kept without consent go once their appointment is over, even if the customer is silent.
  const healthNotes = new ExpireHealthNotes({ db, contacts, profiles, ...(parts.now && { now: parts.now }) });
  const worker = new InboxWorker({
    db,
    handler,
    logger,
    housekeeping: {
      run: async () => {
        await healthNotes.run();
        // Expired login sessions open nothing; deleting them keeps the table (and its index) small.
        await deleteExpiredSessions(db, parts.now?.() ?? new Date());
      },
      everyMs: 15 * 60 * 1000,
    },
    ...parts.worker,
  });
  return { worker, handler, directory, contacts, messages, profiles, appointments, healthNotes, sender };
}

export function createRapport(parts: RapportParts): Rapport {
  const { config, db, logger } = parts;
  const { worker, handler, directory, contacts, messages, profiles, appointments, sender } =
    createInboxWorker(parts);
  const setupCode = parts.setupCode ?? randomBytes(9).toString("base64url");
  const intake = new AcceptWebhookEvents({
    db: parts.ingestDb ?? db,
    directory,
    messages,
    onQueued: parts.onQueued ?? (() => worker.notify()),
  });
  const editor = new EditContactProfile({ db, contacts, profiles });
  const auth = new AuthService({ db, ...(parts.now && { now: parts.now }) });

  const app: FastifyInstance = Fastify({
    loggerInstance: logger as unknown as FastifyBaseLogger,
    // Per-request lines come from the onResponse hook below (errors, or everything at debug).
    logController: new LogController({ disableRequestLogging: true }),
    // Whom to believe about X-Forwarded-Proto/-For (the session cookie's Secure flag, the login rate limit).
    trustProxy: config.trustProxy,
  });
  // First: its security headers must reach every plugin registered after it.
  app.register(webUi, { ...(parts.webDistDir && { distDir: parts.webDistDir }) });
  app.register(whatsappWebhook, {
    appSecret: config.whatsapp.appSecret,
    verifyToken: config.whatsapp.verifyToken,
    intake,
  });
  app.register(authRoutes, { auth, token: config.adminToken, setupCode });
  app.register(adminApi, {
    token: config.adminToken,
    auth,
    db,
    contacts,
    messages,
    profiles,
    editor,
    booking: { db, directory, appointments },
    conversations: { directory, sender },
    ...(parts.now && { now: parts.now }),
  });
  app.get("/health", async () => ({ ok: true }));
  app.addHook("onResponse", async (request, reply) => {
    if (reply.statusCode >= 400 || logger.isLevelEnabled("debug")) {
      request.log.info(
        { method: request.method, url: request.url.split("?")[0], statusCode: reply.statusCode },
        "request",
      );
    }
  });

  return {
    app,
    setupCode,
    worker,
    intake,
    handler,
    directory,
    contacts,
    messages,
    profiles,
    auth,
    async close() {
      await worker.stop();
      await app.close();
    },
  };
}

function defaultSender(config: RapportConfig): ReplySender {
  const { accessToken, graphUrl, apiVersion } = config.whatsapp;
  if (!accessToken) {
    return {
      async sendText() {
        throw new Error("WHATSAPP_ACCESS_TOKEN is not set: the reply was recorded but not sent");
      },
    };
  }
  return new GraphApiSender({ graphUrl, apiVersion, accessToken });
}
