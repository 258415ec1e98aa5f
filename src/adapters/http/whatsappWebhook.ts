/**
 * WhatsApp Cloud API webhook: the verification handshake (GET) and deliveries (POST).
 *
 * A delivery is checked against X-Hub-Signature-256 over the raw bytes (constant-time), stored, and
 * only then acknowledged; processing happens later, in the inbox worker. A bad or missing signature
 * gets 401 and nothing is stored. Shapes we do not understand are stored and acknowledged: Meta
 * retries what it does not get a 200 for, and a retry would not make them understood.
 */
import type { FastifyPluginAsync } from "fastify";
import type { AcceptWebhookEvents } from "../../application/AcceptWebhookEvents.ts";
import { parseWebhookPayload } from "../whatsapp/webhookPayload.ts";
import { SIGNATURE_HEADER, verifySignature } from "../whatsapp/whatsappSignature.ts";

export const WEBHOOK_PATH = "/webhooks/whatsapp";

export interface WhatsappWebhookOptions {
  appSecret: string | undefined;
  verifyToken: string | undefined;
  intake: AcceptWebhookEvents;
}

export const whatsappWebhook: FastifyPluginAsync<WhatsappWebhookOptions> = async (app, options) => {
  // In this plugin only: bodies stay raw bytes, because the signature covers the bytes as sent.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: 3 * 1024 * 1024 }, (_req, body, done) =>
    done(null, body),
  );

  app.get(WEBHOOK_PATH, async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    const token = options.verifyToken;
    if (
      query["hub.mode"] === "subscribe" &&
      token !== undefined &&
      typeof query["hub.verify_token"] === "string" &&
      constantTimeEqual(query["hub.verify_token"], token) &&
      typeof query["hub.challenge"] === "string"
    ) {
      return reply.type("text/plain").send(query["hub.challenge"]);
    }
    return reply.code(403).send({ error: "verification failed" });
  });

  app.post(WEBHOOK_PATH, async (request, reply) => {
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    if (!options.appSecret || !verifySignature(options.appSecret, raw, request.headers[SIGNATURE_HEADER])) {
      return reply.code(401).send({ error: "invalid signature" });
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      await options.intake.acceptUnparsable("body is not JSON", { bytes: raw.length });
      return reply.code(200).send({ received: true });
    }
    const parsed = parseWebhookPayload(body);
    if (!parsed.ok) {
      await options.intake.acceptUnparsable(parsed.error, body);
      return reply.code(200).send({ received: true });
    }
    const accepted = await options.intake.accept(parsed.events);
    request.log.debug({ accepted }, "webhook delivery stored");
    return reply.code(200).send({ received: true });
  });
};

function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  if (left.length !== right.length) return false;
  let difference = 0;
  for (let i = 0; i < left.length; i++) difference |= (left[i] ?? 0) ^ (right[i] ?? 0);
  return difference === 0;
}
