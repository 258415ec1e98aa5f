/**
 * A sender for conversations that never leave this machine (`rapport chat`, the demo customers): it
 * hands each reply to `onReply` as the text a customer would read, buttons shown as numbered choices.
 */
import { randomUUID } from "node:crypto";
import {
  numberedChoices,
  type ReplySender,
  type SendChoicesRequest,
  type SendTextRequest,
} from "../../application/ports.ts";

export function localChatSender(onReply: (text: string, to: string) => void): ReplySender {
  return {
    async sendText(request: SendTextRequest) {
      onReply(request.body, request.to);
      return { wamid: `local.${randomUUID()}` };
    },
    async sendChoices(request: SendChoicesRequest) {
      onReply(numberedChoices(request.body, request.choices), request.to);
      return { wamid: `local.${randomUUID()}` };
    },
  };
}
