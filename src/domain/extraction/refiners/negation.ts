import type { MessageText, Span } from "../text/MessageText.ts";

/** How many words may stand between a negation and what it negates ("not really that scared"). */
const NEGATION_REACH = 4;

/**
 * Whether the words at `start` are negated: a negation earlier in the same clause, at most a
 * few words before ("I'm not allergic", "keine Angst", "never had a problem with needles").
 * Terms that carry their own negation ("no epinephrine") start at the negation, so it is not
 * before them. A negation inside `own` (the cue that goes with the words: "can't tolerate
 * fluoride") belongs to that cue and does not count. With `end`, a negation right after the words
 * counts too ("Allergien habe ich keine").
 */
export function isNegated(msg: MessageText, start: number, own?: Span, end?: number): boolean {
  const clause = msg.clauseAt(start);
  // "Allergien habe ich keine", "Schmerzen habe ich keine": the negation follows the words.
  if (end !== undefined) {
    const after = msg.hits.in("postNegator", end, clause.end)[0];
    if (
      after &&
      msg.folded.slice(end, after.start).trim() === "" &&
      !(own && after.start >= own.start && after.end <= own.end)
    )
      return true;
  }
  for (const n of msg.hits.in("negator", clause.start, start)) {
    if (own && n.start >= own.start && n.end <= own.end) continue;
    const between = msg.folded.slice(n.end, start).trim();
    // "I don't mind who does my cleaning": indifference, not a denial of what follows.
    if (/^(mind|care)\b/.test(between)) continue;
    const words = between === "" ? 0 : between.split(/\s+/).length;
    if (words <= NEGATION_REACH) return true;
  }
  return false;
}
