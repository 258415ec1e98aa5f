import { NOTE_CONCEPTS, type NoteConceptId } from "../concepts.ts";
import { isNegated } from "../refiners/negation.ts";
import { isAboutSomeoneElse } from "../refiners/otherPerson.ts";
import type { MessageText, Span } from "../text/MessageText.ts";
import type { SpecialNoteFact } from "../types.ts";
// The stored note text is English whatever the message's language; readers of another language see
// their own label (NoteLabels.ts).
import { labels as ENGLISH_LABELS } from "../vocabulary/en/notes.ts";

const POLITE_AVOID = /\b(please|pls|bitte|avoid|vermeiden)\b/;

interface Found {
  concept: NoteConceptId;
  sentence: Span;
  start: number;
  end: number;
  /** The cue that made it count ("allergic" for latex), if it needed one. */
  cue?: Span;
}

/**
 * Fears, limitations, allergies, medical considerations, special requests and cultural needs.
 * Each concept comes from its words in any language; some need a cue in the same sentence
 * ("latex" + "allergic"). Then the refiners: negation, someone else, a generic note only when
 * nothing specific of its kind was said, concepts that yield to a better explanation, duplicates.
 */
export function extractSpecialNotes(msg: MessageText): SpecialNoteFact[] {
  const found: Found[] = [];
  for (const m of msg.hits.all("noteConcept")) {
    const concept = m.key as NoteConceptId;
    const spec = NOTE_CONCEPTS[concept];
    const sentence = msg.sentenceAt(m.start);
    if ("needs" in spec) {
      // A cue inside another concept's own word does not count ("Platzangst" is not "Angst vor der Behandlung").
      const standalone = msg.hits.all("noteConcept").filter((o) => {
        const other = NOTE_CONCEPTS[o.key as NoteConceptId];
        return o !== m && !("needs" in other) && !("generic" in other);
      });
      const cue = msg
        .in("noteCue", sentence)
        .find(
          (c) =>
            c.key === spec.needs &&
            !(c.start === m.start && c.end === m.end) &&
            !standalone.some((o) => o.start <= c.start && c.end <= o.end) &&
            !isNegated(msg, c.start, undefined, c.end),
        );
      if (!cue) continue;
      // "Bitte keine Parfums, ich reagiere allergisch": a polite "no X" asks to avoid it, it denies nothing.
      const politeAvoid = POLITE_AVOID.test(
        msg.folded.slice(msg.clauseAt(m.start).start, msg.clauseAt(m.start).end),
      );
      if (
        (!politeAvoid && isNegated(msg, m.start, cue)) ||
        isAboutSomeoneElse(msg, Math.min(cue.start, m.start))
      )
        continue;
      if (isAboutSomeoneElse(msg, m.start)) continue;
      found.push({ concept, sentence, start: m.start, end: m.end, cue });
    } else {
      if (!("keepsUnderNegation" in spec) && isNegated(msg, m.start, undefined, m.end)) continue;
      if (!("involvesOthers" in spec) && isAboutSomeoneElse(msg, m.start)) continue;
      found.push({ concept, sentence, start: m.start, end: m.end });
    }
  }
  for (const m of msg.hits.all("noAllergies")) {
    if (!isAboutSomeoneElse(msg, m.start)) {
      found.push({
        concept: "no-known-allergies",
        sentence: msg.sentenceAt(m.start),
        start: m.start,
        end: m.end,
      });
    }
  }

  if (found.length === 0) return [];
  const kept = found.filter((f) => {
    const spec = NOTE_CONCEPTS[f.concept];
    const sameSentence = found.filter((o) => o !== f && o.sentence === f.sentence);
    if ("generic" in spec && sameSentence.some((o) => NOTE_CONCEPTS[o.concept].category === spec.category))
      return false;
    if (
      "yieldsTo" in spec &&
      sameSentence.some((o) => (spec.yieldsTo as readonly string[]).includes(o.concept))
    )
      return false;
    return true;
  });

  const facts: SpecialNoteFact[] = [];
  const seen = new Set<string>();
  for (const f of kept) {
    if (seen.has(f.concept)) continue;
    seen.add(f.concept);
    const spec = NOTE_CONCEPTS[f.concept];
    const words = msg.raw.slice(f.start, f.end);
    const from = Math.min(f.start, f.cue?.start ?? f.start);
    const to = Math.max(f.end, f.cue?.end ?? f.end);
    facts.push({
      field: "special_notes",
      category: spec.category,
      concept: f.concept,
      value: labelWithWords(ENGLISH_LABELS[f.concept], words),
      evidence: msg.clauseEvidence(from, to),
      confidence: "generic" in spec ? 0.6 : f.cue ? 0.8 : 0.9,
    });
  }
  return facts;
}

/** The label, and the customer's own word for it when the label does not already say it. */
function labelWithWords(label: string, words: string): string {
  const w = words.trim();
  // "Nut allergy" already says "nuts"; a plural or case ending does not make it news.
  const stem = w.toLowerCase().replace(/(?<=\p{L}{3})(es|en|e|s|n)$/u, "");
  if (!w || label.toLowerCase().includes(stem)) return label;
  return `${label} (${w})`;
}

/** Whether a note makes the customer anxious (fears and nervousness). */
export function isAnxiousNote(note: SpecialNoteFact): boolean {
  return "anxious" in NOTE_CONCEPTS[note.concept as NoteConceptId];
}
