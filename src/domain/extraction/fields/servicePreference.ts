import type { BusinessCatalog } from "../../business/BusinessCatalog.ts";
import type { BusinessHits, BusinessTerms } from "../BusinessTerms.ts";
import { isNegated } from "../refiners/negation.ts";
import { isAboutSomeoneElse } from "../refiners/otherPerson.ts";
import type { MessageText } from "../text/MessageText.ts";
import type { ServiceInterest, ServicePreferenceFact } from "../types.ts";

const INTEREST_ORDER: ServiceInterest[] = ["liked", "asked", "requested"];

/**
 * Services the customer books, likes or asks about: catalogue names in any language first,
 * then service families ("massage" → every massage the business offers). A mention needs a
 * booking, liking or asking word in its sentence; "no whitening" or someone else's does not count.
 */
export function extractServicePreferences(
  msg: MessageText,
  business: BusinessHits,
  terms: BusinessTerms,
  catalog: BusinessCatalog,
): ServicePreferenceFact[] {
  const exact = business.all("service");
  const family = business
    .all("serviceFamily")
    .filter((f) => !exact.some((e) => e.start < f.end && f.start < e.end));
  const facts: ServicePreferenceFact[] = [];
  const seen = new Set<string>();
  for (const m of [...exact, ...family].sort((a, b) => a.start - b.start)) {
    const sentence = msg.sentenceAt(m.start);
    if (isNegated(msg, m.start) || isAboutSomeoneElse(msg, m.start)) continue;
    if (msg.in("serviceAgainst", sentence).some((a) => a.start < m.start)) continue;
    const cues = msg.in("serviceInterest", sentence).map((c) => c.key as ServiceInterest);
    const interest = INTEREST_ORDER.find((i) => cues.includes(i));
    if (!interest) continue;
    const isExact = exact.includes(m);
    const serviceIds = isExact ? [m.key] : (terms.familyServices.get(m.key) ?? []);
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
