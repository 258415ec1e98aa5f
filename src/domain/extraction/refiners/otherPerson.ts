import type { MessageText } from "../text/MessageText.ts";

/**
 * Whether the words at `start` are about someone else: "my husband is allergic to latex",
 * "booking for my son, he is terrified of needles". Another person named earlier in the
 * sentence, with no "I" in between, owns what follows; so does a "he"/"she" at the start of a
 * clause once another person has been named anywhere before it.
 */
export function isAboutSomeoneElse(msg: MessageText, start: number): boolean {
  const sentence = msg.sentenceAt(start);
  const others = msg.hits.in("otherPeople", sentence.start, start);
  const last = others[others.length - 1];
  if (last && !msg.hits.has("firstPerson", last.end, start)) return true;
  if (!msg.hits.has("otherPeople", 0, start)) return false;
  const clause = msg.clauseAt(start);
  const pronoun = msg.hits.first("otherPronoun", clause.start, start);
  return pronoun !== undefined && !msg.hits.has("firstPerson", pronoun.end, start);
}
