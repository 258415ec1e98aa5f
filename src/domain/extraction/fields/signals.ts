import { isNegated } from "../refiners/negation.ts";
import { isAboutSomeoneElse } from "../refiners/otherPerson.ts";
import type { MessageText } from "../text/MessageText.ts";

/** An emergency or acute pain, unless the customer says it is not urgent. */
export function isUrgent(msg: MessageText): boolean {
  if (msg.hits.all("notUrgent").length > 0) return false;
  return msg.hits.all("urgent").some((m) => !isNegated(msg, m.start, undefined, m.end));
}

/** The customer declines to share something ("I'd rather not say", "lieber nicht"). */
export function hasDeclined(msg: MessageText): boolean {
  return msg.hits.all("declined").length > 0;
}

/** Nervousness in words, not negated ("not nervous at all" is not). */
export function soundsAnxious(msg: MessageText): boolean {
  return msg.hits
    .all("anxious")
    .some((m) => !isNegated(msg, m.start, undefined, m.end) && !isAboutSomeoneElse(msg, m.start));
}

/** "Actually…", "not anymore", "ab jetzt…": the customer corrects what they said before. */
export function isCorrection(msg: MessageText): boolean {
  return msg.hits.all("correction").length > 0;
}
