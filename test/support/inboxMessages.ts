/** Customer messages as the webhook hands them to the inbox (`InboundMessage`), each with a new wamid. */
import type { InboundMessage } from "../../src/adapters/db/inboundQueue.ts";

let wamidCounter = 0;
export const nextInboxWamid = () => `wamid.inbox.${process.pid}.${++wamidCounter}`;

export function inboundText(
  businessId: string,
  waId: string,
  body: string,
  wamid = nextInboxWamid(),
): InboundMessage & { payload: { text: { body: string } }; sentAt: Date } {
  return {
    businessId,
    waId,
    phone: `+${waId}`,
    wamid,
    type: "text",
    body,
    payload: { text: { body } },
    sentAt: new Date(),
  };
}
