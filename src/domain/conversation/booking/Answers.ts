/**
 * Answers to the booking's yes/no questions and to "which service?": by the tapped button
 * (`answer:yes`, `answer:no`, `service:<id>`) or in words ("ja gerne", "passt", "lieber nicht",
 * "the aromatherapy one", "2"). Yes and no reuse the bot's intent patterns (CustomerIntent.ts).
 */
import { fold } from "../../extraction/text/fold.ts";
import { recogniseIntent } from "../CustomerIntent.ts";
import { NO_ID, SERVICE_ID_PREFIX, YES_ID } from "./BookingReplies.ts";
import { type BookingContext, readBookingRequest, readWish } from "./BookingRequest.ts";
import type { ReplyId } from "./SlotChoice.ts";

export function readYesNo(reply: string | ReplyId): "yes" | "no" | null {
  if (typeof reply !== "string") return reply.id === YES_ID ? "yes" : reply.id === NO_ID ? "no" : null;
  const intent = recogniseIntent(reply);
  return intent === "yes" || intent === "no" ? intent : null;
}

/** Which of the offered services: by id, by number, or by a name that points at exactly one of them. */
export function readServiceChoice(
  reply: string | ReplyId,
  serviceIds: readonly string[],
  context: BookingContext,
): string | null {
  if (typeof reply !== "string") {
    const id = reply.id.startsWith(SERVICE_ID_PREFIX) ? reply.id.slice(SERVICE_ID_PREFIX.length) : null;
    return id && serviceIds.includes(id) ? id : null;
  }
  const n = /^\s*(\d{1,2})\s*\.?\s*$/.exec(fold(reply));
  if (n) return serviceIds[Number(n[1]) - 1] ?? null;
  const named = readWish(reply, context).wish.serviceId;
  if (named && serviceIds.includes(named)) return named;
  // "Deep tissue": a family word that narrows the options to one.
  const narrowed = readBookingRequest(`book ${reply}`, context).serviceOptions.filter((id) =>
    serviceIds.includes(id),
  );
  return narrowed.length === 1 ? (narrowed[0] as string) : null;
}
