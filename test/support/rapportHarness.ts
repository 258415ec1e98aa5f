/**
 * A Rapport app on a test database, with the demo practice seeded under a business of its own, the
 * Graph API played by a real local server, and the log captured as lines. Webhook deliveries are
 * built as Meta sends them and signed with the test app secret.
 */
import { randomUUID } from "node:crypto";
import {
  createFieldCipher,
  type FieldCipher,
  generateKey,
} from "../../src/adapters/crypto/fieldEncryption.ts";
import { DEMO_PRACTICE_FILE, readPracticeFile, seedBusiness } from "../../src/adapters/db/businessSeed.ts";
import type { Database } from "../../src/adapters/db/database.ts";
import { GraphApiSender } from "../../src/adapters/whatsapp/GraphApiSender.ts";
import { signBody } from "../../src/adapters/whatsapp/whatsappSignature.ts";
import { loadConfig } from "../../src/app/config.ts";
import { createRapport, type Rapport } from "../../src/app/createRapport.ts";
import { createLogger } from "../../src/app/logger.ts";
import { type FakeGraphApi, startFakeGraphApi } from "./fakeGraphApi.ts";

export const APP_SECRET = "test-app-secret";
export const VERIFY_TOKEN = "test-verify-token";
export const ADMIN_TOKEN = "test-admin-token-0123456789";

let harnessCounter = 0;
let wamidCounter = 0;

export const nextWamid = () => `wamid.test.${process.pid}.${++wamidCounter}.${randomUUID().slice(0, 8)}`;

export interface Harness {
  rapport: Rapport;
  /** The field cipher the app seals notes and message bodies with. */
  cipher: FieldCipher;
  graph: FakeGraphApi;
  businessId: string;
  phoneNumberId: string;
  /** Every line the logger wrote. */
  logLines: string[];
  /** Signs and POSTs a delivery to the webhook. */
  deliver(body: unknown, signature?: string | null): Promise<{ statusCode: number; body: string }>;
  /** A delivery of customer messages to this business's number. */
  messages(waId: string, items: Array<Record<string, unknown>>, name?: string): unknown;
  text(waId: string, body: string, options?: { wamid?: string; at?: Date }): unknown;
  statuses(items: Array<Record<string, unknown>>): unknown;
  /** Requests to the fake Graph API that sent a message (not read receipts). */
  sentMessages(): SentMessage[];
  close(): Promise<void>;
}

/** What the fake Graph API received for a text or interactive message. */
interface GraphMessageBody {
  to: string;
  type: string;
  text?: { body: string };
  interactive?: {
    type: "button" | "list";
    body: { text: string };
    action: {
      buttons?: Array<{ reply: { id: string; title: string } }>;
      sections?: Array<{ rows: Array<{ id: string; title: string }> }>;
    };
  };
}

export interface SentMessage {
  to: string;
  body: string;
  /** The tappable answers of an interactive message (buttons or list rows). */
  choices: Array<{ id: string; title: string }>;
}

export interface HarnessOptions {
  now?: () => Date;
  /** More configuration, e.g. RAPPORT_TRUST_PROXY. */
  env?: Record<string, string>;
  /** Where the admin panel's build is (default `web/dist`). */
  webDistDir?: string;
}

export async function startHarness(db: Database, options: HarnessOptions = {}): Promise<Harness> {
  const graph = await startFakeGraphApi();
  const phoneNumberId = `10${process.pid}${++harnessCounter}${Date.now() % 100000}`;
  const config = loadConfig({
    WHATSAPP_APP_SECRET: APP_SECRET,
    WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN,
    WHATSAPP_ACCESS_TOKEN: graph.accessToken,
    WHATSAPP_GRAPH_URL: graph.url,
    WHATSAPP_PHONE_NUMBER_ID: phoneNumberId,
    RAPPORT_ADMIN_TOKEN: ADMIN_TOKEN,
    RAPPORT_ENCRYPTION_KEY: generateKey(),
    LOG_LEVEL: "trace",
    ...options.env,
  });
  const file = await readPracticeFile(DEMO_PRACTICE_FILE);
  const { businessId } = await seedBusiness(
    db,
    { ...file, practice: { ...file.practice, key: `test-${phoneNumberId}` } },
    phoneNumberId,
  );
  const cipher = createFieldCipher(config.encryptionKey ?? "");
  const logLines: string[] = [];
  const logger = createLogger("trace", { write: (line: string) => logLines.push(line) });
  const rapport = createRapport({
    config,
    db,
    cipher,
    logger,
    sender: new GraphApiSender({
      graphUrl: graph.url,
      apiVersion: "v21.0",
      accessToken: graph.accessToken,
      maxAttempts: 2,
      baseDelayMs: 1,
    }),
    worker: { pollMs: 25 },
    ...(options.now && { now: options.now }),
    ...(options.webDistDir && { webDistDir: options.webDistDir }),
  });
  await rapport.app.ready();

  const envelope = (value: Record<string, unknown>, field = "messages") => ({
    object: "whatsapp_business_account",
    entry: [
      {
        id: "102290129340398",
        changes: [
          {
            field,
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "41445551020", phone_number_id: phoneNumberId },
              ...value,
            },
          },
        ],
      },
    ],
  });

  const harness: Harness = {
    rapport,
    cipher,
    graph,
    businessId,
    phoneNumberId,
    logLines,
    async deliver(body, signature) {
      const payload = JSON.stringify(body);
      const headers: Record<string, string> = { "content-type": "application/json" };
      const sig = signature === undefined ? signBody(APP_SECRET, payload) : signature;
      if (sig !== null) headers["x-hub-signature-256"] = sig;
      const response = await rapport.app.inject({
        method: "POST",
        url: "/webhooks/whatsapp",
        headers,
        payload,
      });
      return { statusCode: response.statusCode, body: response.body };
    },
    messages(waId, items, name = "Marie") {
      return envelope({
        contacts: [{ profile: { name }, wa_id: waId }],
        messages: items.map((item) => ({
          from: waId,
          id: nextWamid(),
          timestamp: String(Math.floor(Date.now() / 1000)),
          ...item,
        })),
      });
    },
    text(waId, body, opts = {}) {
      return harness.messages(waId, [
        {
          type: "text",
          text: { body },
          ...(opts.wamid && { id: opts.wamid }),
          ...(opts.at && { timestamp: String(Math.floor(opts.at.getTime() / 1000)) }),
        },
      ]);
    },
    statuses(items) {
      return envelope({ statuses: items });
    },
    sentMessages() {
      return graph.requests.flatMap((request) => {
        const body = request.body as GraphMessageBody | undefined;
        if (body?.type === "text" && body.text) return [{ to: body.to, body: body.text.body, choices: [] }];
        if (body?.type === "interactive" && body.interactive) {
          const { interactive } = body;
          const choices =
            interactive.type === "button"
              ? (interactive.action.buttons ?? []).map((b) => ({ id: b.reply.id, title: b.reply.title }))
              : (interactive.action.sections ?? []).flatMap((section) =>
                  section.rows.map((row) => ({ id: row.id, title: row.title })),
                );
          return [{ to: body.to, body: interactive.body.text, choices }];
        }
        return [];
      });
    },
    async close() {
      await rapport.close();
      await graph.close();
    },
  };
  return harness;
}
