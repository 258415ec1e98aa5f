/**
 * What the admin API's contact routes share (adminApi.ts, conversationAdmin.ts): the id parameters,
 * finding a contact the caller may see, and a message as the API shows it.
 */
import { z } from "zod";
import type { ContactRepository } from "../db/ContactRepository.ts";
import type { Database } from "../db/database.ts";
import type { MessageRow } from "../db/MessageRepository.ts";
import { uuid } from "./requestValidation.ts";
import type { Principal } from "./sessionAuth.ts";

export const contactParams = z.object({ id: uuid });

/** The contact, or null when there is none or it belongs to another business than the caller's. */
export async function findVisibleContact(
  contacts: ContactRepository,
  db: Database,
  principal: Principal,
  id: string,
) {
  const contact = await contacts.find(db, id);
  if (!contact || (principal.businessId && contact.businessId !== principal.businessId)) return null;
  return contact;
}

export function messageView(message: MessageRow) {
  return {
    id: message.id,
    direction: message.direction,
    type: message.type,
    body: message.body,
    payload: message.payload,
    status: message.status,
    wamid: message.wamid,
    errorCode: message.errorCode,
    errorTitle: message.errorTitle,
    sentAt: message.sentAt,
    createdAt: message.createdAt,
    processedAt: message.processedAt,
    inReplyToId: message.inReplyToId,
    sentBy: message.sentBy,
  };
}
