/**
 * Health details (allergies, medical conditions, fears, limitations) are special-category data: they
 * stay on file for later visits only with the customer's explicit consent.
 *
 * The retention rule, designed so that safety is never lost silently:
 * - consent granted (latest "special_category_data" row says yes): kept like any other note;
 * - no consent (never answered, or answered "no"): a health note is kept ONLY while it serves an
 *   appointment — while the customer has a booked appointment that has not ended yet (the allergy for
 *   tomorrow's appointment stays until tomorrow's appointment is over), and for a short grace period
 *   after it was said (the booking it was said for may still be in the making);
 * - an explicit "no" with no appointment ahead removes the note at once; with one ahead, the reply
 *   says plainly that it is kept for that appointment and deleted afterwards;
 * - whenever a note is removed under this rule outside the "no" turn, the reply in which it happens
 *   says so ("if it still applies, please tell me again"), so the customer is never left believing
 *   the team knows about their allergy when it no longer does.
 */
import type { ProfileFact } from "../../profile/ProfileFact.ts";

export const HEALTH_CATEGORIES: ReadonlySet<string> = new Set(["allergy", "medical", "fear", "limitation"]);
export const HEALTH_CONSENT_KIND = "special_category_data";
/** Without consent, a health note said without an appointment (yet) is kept this long. */
export const UNANSWERED_GRACE_MS = 48 * 60 * 60 * 1000;

/** The latest consent answer: true, false, or null when never answered. */
export type HealthConsent = boolean | null;

export function isHealthNote(fact: ProfileFact): boolean {
  return fact.field === "special_notes" && HEALTH_CATEGORIES.has(fact.value.category);
}

/**
 * The health notes (current or candidate) that must go now under the retention rule.
 * `appointmentAhead`: the end of the customer's next booked appointment that has not ended, or null.
 */
export function healthNotesToRemove(
  facts: readonly ProfileFact[],
  consent: HealthConsent,
  appointmentAhead: Date | null,
  now: Date,
  options: { refusedNow?: boolean } = {},
): ProfileFact[] {
  if (consent === true) return [];
  if (appointmentAhead !== null && appointmentAhead.getTime() > now.getTime()) return [];
  return facts.filter(
    (fact) =>
      isHealthNote(fact) &&
      (fact.status === "current" || fact.status === "candidate") &&
      // The "no" itself removes at once; otherwise a note just said waits for its booking.
      (options.refusedNow === true || now.getTime() - fact.saidAt.getTime() >= UNANSWERED_GRACE_MS),
  );
}
