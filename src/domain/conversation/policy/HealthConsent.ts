/**
 * Health details (allergies, medical conditions, fears, limitations) are special-category data: they
 * stay on file for later visits only with the customer's explicit consent.
 *
 * The retention rule, designed so that safety is never lost silently:
 * - consent granted (latest "special_category_data" row says yes): kept like any other note;
 * - no consent (never answered, or answered "no"): a health note is kept ONLY while it serves an
 *   appointment — while the customer has a booked appointment that has not ended yet (the allergy for
 *   tomorrow's appointment stays until tomorrow's appointment is over), and for a short grace period
 *   after it was said (the booking it was said for may still be in the making) — the grace does not
 *   cover notes said before a "no": those stay only for an appointment ahead;
 * - an explicit "no" with no appointment ahead removes the note at once; with one ahead, the reply
 *   says plainly that it is kept for that appointment and deleted afterwards;
 * - whenever a note is removed under this rule outside the "no" turn, the reply in which it happens
 *   says so ("if it still applies, please tell me again"), so the customer is never left believing
 *   the team knows about their allergy when it no longer does;
 * - a customer who stays silent is covered by the worker's sweep (ExpireHealthNotes), which applies
 *   the same rule; the consent question itself said so up front ("otherwise I'll keep them only to
 *   prepare your next appointment and delete them afterwards"), and every removal is audited with
 *   the actor "retention" for staff.
 */
import type { NewFactValue, ProfileFact } from "../../profile/ProfileFact.ts";

export const HEALTH_CATEGORIES: ReadonlySet<string> = new Set(["allergy", "medical", "fear", "limitation"]);
export const HEALTH_CONSENT_KIND = "special_category_data";
/** Without consent, a health note said without an appointment (yet) is kept this long. */
export const UNANSWERED_GRACE_MS = 48 * 60 * 60 * 1000;

/** The latest consent answer: true, false, or null when never answered. */
export type HealthConsent = boolean | null;

/** A health note: a special note of a health category (a stored fact, or one about to be added). */
export function isHealthNote(fact: NewFactValue): boolean {
  return fact.field === "special_notes" && HEALTH_CATEGORIES.has(fact.value.category);
}

/**
 * The health notes (current or candidate) that must go now under the retention rule.
 * `consent`: the answer in force and when it was given. `appointmentAhead`: the end of the customer's
 * last booked appointment that has not ended, or null. `refusedNow`: this very message said "no".
 */
export function healthNotesToRemove(
  facts: readonly ProfileFact[],
  consent: { granted: HealthConsent; at: Date | null },
  appointmentAhead: Date | null,
  now: Date,
  options: { refusedNow?: boolean } = {},
): ProfileFact[] {
  if (consent.granted === true) return [];
  if (appointmentAhead !== null && appointmentAhead.getTime() > now.getTime()) return [];
  return facts.filter(
    (fact) =>
      isHealthNote(fact) &&
      (fact.status === "current" || fact.status === "candidate") &&
      !(options.refusedNow !== true && inGrace(fact, consent.at, now)),
  );
}

/**
 * A note just said waits for the booking it was said for: for the grace period, unless it was said
 * before a "no" (then only an appointment ahead keeps it).
 */
function inGrace(fact: ProfileFact, refusedAt: Date | null, now: Date): boolean {
  if (now.getTime() - fact.saidAt.getTime() >= UNANSWERED_GRACE_MS) return false;
  return refusedAt === null || fact.saidAt.getTime() > refusedAt.getTime();
}
