import type { BusinessCatalog } from "../../business/BusinessCatalog.ts";
import type { BusinessHits, BusinessTerms } from "../BusinessTerms.ts";
import { isNegated } from "../refiners/negation.ts";
import { isAboutSomeoneElse } from "../refiners/otherPerson.ts";
import type { MessageText } from "../text/MessageText.ts";
import type { ServiceInterest, ServicePreferenceFact, SpecialNoteFact } from "../types.ts";

const INTEREST_ORDER: ServiceInterest[] = ["liked", "asked", "requested"];
/** "filling in the form": the word of a service used for something else. */
const NOT_A_SERVICE = /^(filling|fill|ausfullen) (in|out|the form)/;
/** A service that left bruises or was too hard is not one the customer prefers. */
const COMPLAINT =
  /\b(bruised|left (me with )?bruises|too (hard|rough|strong|painful)|blaue flecken|zu (fest|hart|grob|stark)|nicht (so )?mein ding|not my thing|did(n't| not) help|hat nicht geholfen|half nicht)\b/;

/**
 * Services the customer books, likes or asks about: catalogue names in any language first,
 * then service families ("massage" → every massage the business offers). Liking and asking words
 * say what kind of interest; "no whitening", a bad experience or someone else's does not count.
 */
export function extractServicePreferences(
  msg: MessageText,
  business: BusinessHits,
  terms: BusinessTerms,
  catalog: BusinessCatalog,
  notes: readonly SpecialNoteFact[] = [],
): ServicePreferenceFact[] {
  const exact = business.all("service");
  const family = business
    .all("serviceFamily")
    .filter((f) => !exact.some((e) => e.start < f.end && f.start < e.end));
  if (exact.length === 0 && family.length === 0) return [];
  const notedConcepts = new Set(notes.map((n) => n.concept));
  const facts: ServicePreferenceFact[] = [];
  const seen = new Set<string>();
  for (const m of [...exact, ...family].sort((a, b) => a.start - b.start)) {
    const sentence = msg.sentenceAt(m.start);
    if (isNegated(msg, m.start) || isAboutSomeoneElse(msg, m.start)) continue;
    const clause = msg.clauseAt(m.start);
    if (msg.in("serviceAgainst", clause).some((a) => a.start < m.start)) continue;
    const cues = msg.in("serviceInterest", sentence).map((c) => c.key as ServiceInterest);
    const isExact = exact.includes(m);
    const serviceIds = isExact ? [m.key] : (terms.familyServices.get(m.key) ?? []);
    // A word shared by several services ("dental", "massage") is a service only with a booking,
    // liking or asking word, and not when it belongs to a note ("terrified of dental work").
    const generic = serviceIds.length > 1;
    // "a dentist for a general check-up": the family word adds nothing beside one of its services.
    const specificBeside = [...exact, ...family].some((e) => {
      const ids = exact.includes(e) ? [e.key] : (terms.familyServices.get(e.key) ?? []);
      const inSentence = e.start >= sentence.start && e.end <= sentence.end;
      return e !== m && inSentence && ids.length === 1 && serviceIds.includes(ids[0] as string);
    });
    if (generic && specificBeside) continue;
    if (NOT_A_SERVICE.test(msg.folded.slice(m.start, Math.min(clause.end, m.end + 12)))) continue;
    if (COMPLAINT.test(msg.folded.slice(sentence.start, sentence.end))) continue;
    if (
      generic &&
      msg.hits
        .all("noteConcept")
        .some((n) => notedConcepts.has(n.key) && n.start <= m.start && m.end <= n.end)
    )
      continue;
    // To a booking assistant, naming a service is interest in it: booking, unless liked or asked about.
    const interest = INTEREST_ORDER.find((i) => cues.includes(i)) ?? (generic ? undefined : "requested");
    if (!interest) continue;
    const value = isExact
      ? (catalog.services.find((s) => s.id === m.key)?.name ?? m.key)
      : (terms.familyLabel.get(m.key) ?? m.key);
    const key = serviceIds.join(",");
    if (serviceIds.length === 0 || seen.has(key)) continue;
    seen.add(key);
    facts.push({
      field: "preferred_services",
      value,
      serviceIds,
      interest,
      evidence: msg.clauseEvidence(m.start, m.end),
      confidence: isExact ? 0.9 : 0.7,
    });
  }
  return facts;
}
