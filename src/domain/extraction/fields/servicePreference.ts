import type { BusinessCatalog } from "../../business/BusinessCatalog.ts";
import type { BusinessHits, BusinessTerms } from "../BusinessTerms.ts";
import { isNegated } from "../refiners/negation.ts";
import { isAboutSomeoneElse } from "../refiners/otherPerson.ts";
import type { MessageText } from "../text/MessageText.ts";
import type { ServiceInterest, ServicePreferenceFact, SpecialNoteFact } from "../types.ts";

const INTEREST_ORDER: ServiceInterest[] = ["liked", "asked", "requested"];

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
  const notedConcepts = new Set(notes.map((n) => n.concept));
  const exact = business.all("service");
  const family = business
    .all("serviceFamily")
    .filter((f) => !exact.some((e) => e.start < f.end && f.start < e.end));
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
