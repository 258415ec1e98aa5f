/**
 * `rapport chat`: be a customer in the terminal. Each line goes through the same pipeline as a
 * WhatsApp webhook (inbox → worker → profile store → reply); the bot's reply and the facts stored
 * afterwards are shown.
 */
import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";
import { DEMO_PRACTICE_FILE, readPracticeFile, seedBusiness } from "../adapters/db/businessSeed.ts";
import type { TextMessageEvent } from "../adapters/whatsapp/inboundEvent.ts";
import { localChatSender } from "../adapters/whatsapp/LocalChatSender.ts";
import { loadConfig } from "../app/config.ts";
import { createRapport } from "../app/createRapport.ts";
import { createLogger } from "../app/logger.ts";
import { openRapportDatabase } from "../app/openRapportDatabase.ts";
import type { ProfileFact } from "../domain/profile/ProfileFact.ts";

export interface ChatOptions {
  phone?: string | undefined;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

export async function runChat(options: ChatOptions = {}): Promise<number> {
  const output = options.output ?? process.stdout;
  const write = (text: string) => output.write(text);
  const phone = (options.phone ?? "+41791234567").replace(/[^\d+]/g, "");
  if (!/^\+\d{6,15}$/.test(phone)) {
    process.stderr.write(`rapport chat: --phone must be a number like +41791234567\n`);
    return 2;
  }
  const waId = phone.slice(1);
  const config = loadConfig();
  const { opened, cipher } = await openRapportDatabase(config);
  try {
    const practice = await readPracticeFile(DEMO_PRACTICE_FILE);
    const { businessId } = await seedBusiness(opened.db, practice, config.whatsapp.phoneNumberId);
    const replies: string[] = [];
    const rapport = createRapport({
      config,
      db: opened.db,
      cipher,
      logger: createLogger("warn"),
      sender: localChatSender((reply) => replies.push(reply)),
    });
    write(`Chatting with ${practice.catalog.name} as ${phone}. Type a message; Ctrl-D ends.\n`);
    const lines = createInterface({ input: options.input ?? process.stdin, terminal: false });
    for await (const line of lines) {
      const text = line.trim();
      if (text.length === 0) continue;
      write(`you › ${text}\n`);
      const event: TextMessageEvent = {
        kind: "text",
        phoneNumberId: config.whatsapp.phoneNumberId,
        displayPhoneNumber: practice.practice.displayPhone ?? "",
        waId,
        from: waId,
        profileName: null,
        messageId: `wamid.chat.${randomUUID()}`,
        timestamp: new Date(),
        contextMessageId: null,
        body: text,
      };
      await rapport.intake.accept([event]);
      await rapport.worker.drain();
      for (const reply of replies.splice(0)) write(`bot › ${reply.replaceAll("\n", "\n      ")}\n`);
      const contact = await rapport.contacts.findByWaId(opened.db, businessId, waId);
      if (contact) write(describeFacts(await rapport.profiles.loadFacts(opened.db, businessId, contact.id)));
    }
    await rapport.close();
    return 0;
  } finally {
    await opened.close();
  }
}

function describeFacts(facts: ProfileFact[]): string {
  const live = facts.filter((fact) => fact.status === "current" || fact.status === "candidate");
  if (live.length === 0) return "      (no facts stored)\n";
  const lines = live.map((fact) => {
    const kind = fact.field === "special_notes" ? ` [${fact.value.category}]` : "";
    const quote = fact.quote ? `  ← "${fact.quote}"` : "";
    const status = fact.status === "candidate" ? "  (candidate, not yet current)" : "";
    return `      ${fact.field}${kind}: ${fact.text}${quote}${status}`;
  });
  return `    stored facts:\n${lines.join("\n")}\n`;
}
