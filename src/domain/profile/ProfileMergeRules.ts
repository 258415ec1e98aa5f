/**
 * "Never overwrite unless the customer corrects", as code. Every writer of the profile (the bot after
 * each message, the admin UI, the booking-pattern job) calls these functions with the contact's facts;
 * they return what to insert, which statuses to change and the audit trail. No I/O here.
 *
 * Single-valued fields (name, email, phone, language, staff, times, communication):
 * - empty field → the new value becomes current;
 * - the same value again → the current fact is confirmed, nothing new is stored;
 * - a different value from the customer → a candidate beside the current one, unless it is a
 *   correction ("actually…", "ab jetzt…"), which supersedes the current fact (kept as history);
 * - times and communication: a compatible addition is combined into the current value, so only a
 *   real contradiction needs a correction (see PreferenceCombination.ts);
 * - staff edits always supersede, recording the editor;
 * - inferences from booking history never override what the customer or staff stated (they stay
 *   candidates), but fill an empty field or replace an older inference; a customer statement
 *   replaces an inference.
 * List fields (special notes, services) accumulate; the same item again confirms it.
 * Removal never deletes: the fact's status becomes "removed".
 */
import { normaliseText, sameValue } from "./FactEquivalence.ts";
import {
  type Combination,
  type Correction,
  combineCommunicationPreferences,
  combineTimePreferences,
  correctCommunicationPreference,
  correctTimePreference,
} from "./PreferenceCombination.ts";
import { describeCommunicationPreference, describeTimePreference } from "./PreferenceDescription.ts";
import type { AuditEntry, ChangeOutcome, FactUpdate, ProfileChange } from "./ProfileChange.ts";
import { NO_CHANGE } from "./ProfileChange.ts";
import {
  type Actor,
  actorOf,
  isListField,
  isLive,
  type NewFact,
  type NewFactValue,
  type ProfileFact,
  type ProfileField,
} from "./ProfileFact.ts";

export interface MergeContext {
  /** The message corrects something said before ("actually…", "not anymore", "ab jetzt…"). */
  correction: boolean;
  now: Date;
  newId: () => string;
}

export interface RemovalRequest {
  by: Actor;
  now: Date;
}

/** Decide what an incoming fact does to the contact's profile. `facts` are the contact's facts. */
export function mergeFact(
  facts: readonly ProfileFact[],
  incoming: NewFact,
  context: MergeContext,
): ProfileChange {
  const ofField = facts.filter(
    (fact) => fact.contactId === incoming.contactId && fact.field === incoming.field,
  );
  return isListField(incoming.field)
    ? mergeListItem(ofField, incoming, context)
    : mergeSingleValue(ofField, incoming, context);
}

/** Remove one fact (the customer asked, or staff deleted it). */
export function removeFact(
  facts: readonly ProfileFact[],
  factId: string,
  request: RemovalRequest,
): ProfileChange {
  const fact = facts.find((candidate) => candidate.id === factId);
  if (!fact || fact.status === "removed") return NO_CHANGE;
  return removal([fact], request);
}

/**
 * Remove every fact of a field, or of the whole profile ("delete my notes", a GDPR request).
 * Superseded history goes too: a customer who asks for their notes to go means every version.
 */
export function removeAll(
  facts: readonly ProfileFact[],
  request: RemovalRequest & { contactId: string; field?: ProfileField },
): ProfileChange {
  const doomed = facts.filter(
    (fact) =>
      fact.contactId === request.contactId &&
      fact.status !== "removed" &&
      (request.field === undefined || fact.field === request.field),
  );
  return doomed.length === 0 ? NO_CHANGE : removal(doomed, request);
}

// ------------------------------------------------------------------------------ single values

function mergeSingleValue(facts: ProfileFact[], incoming: NewFact, context: MergeContext): ProfileChange {
  const current = facts.find((fact) => fact.status === "current");
  if (!current) return becomeCurrent(facts, incoming, context, { outcome: "added" });
  if (sameValue(current, incoming)) return confirm(current, incoming, context, "confirmed");

  switch (incoming.source) {
    case "staff":
      return becomeCurrent(facts, incoming, context, { outcome: "edited", replaces: current });
    case "behaviour":
      return current.source === "behaviour"
        ? becomeCurrent(facts, incoming, context, { outcome: "replaced", replaces: current })
        : keepAsCandidate(facts, incoming, context, current);
    case "customer":
      if (current.source === "behaviour") {
        return becomeCurrent(facts, incoming, context, { outcome: "replaced", replaces: current });
      }
      return mergeCustomerStatement(facts, incoming, context, current);
  }
}

function mergeCustomerStatement(
  facts: ProfileFact[],
  incoming: NewFact,
  context: MergeContext,
  current: ProfileFact,
): ProfileChange {
  const combination = combine(current, incoming);
  if (combination?.kind === "same") return confirm(current, incoming, context, "confirmed");
  if (combination?.kind === "combined") {
    return becomeCurrent(facts, incoming, context, {
      outcome: "combined",
      replaces: current,
      value: combination.value,
      text: `${current.text}; ${incoming.text}`,
      confidence: Math.min(current.confidence, incoming.confidence),
    });
  }
  if (!context.correction) return keepAsCandidate(facts, incoming, context, current);

  const correction = correct(current, incoming);
  return becomeCurrent(facts, incoming, context, {
    outcome: "corrected",
    replaces: current,
    ...(correction && { value: correction.value, text: correction.text }),
  });
}

/** Structured fields combine; the others have no notion of a compatible addition (null). */
function combine(current: ProfileFact, incoming: NewFact): Combination<NewFactValue> | null {
  if (current.field === "preferred_appointment_times" && incoming.field === "preferred_appointment_times") {
    const combination = combineTimePreferences(current.value, incoming.value);
    return combination.kind === "combined"
      ? { kind: "combined", value: { field: current.field, value: combination.value } }
      : combination;
  }
  if (current.field === "communication_preferences" && incoming.field === "communication_preferences") {
    const combination = combineCommunicationPreferences(current.value, incoming.value);
    return combination.kind === "combined"
      ? { kind: "combined", value: { field: current.field, value: combination.value } }
      : combination;
  }
  return null;
}

/** A correction of a structured field keeps what it does not mention; other fields are replaced whole. */
function correct(current: ProfileFact, incoming: NewFact): { value: NewFactValue; text: string } | null {
  const withKept = <T>(correction: Correction<T>, describe: (kept: T) => string) =>
    correction.kept === null ? incoming.text : `${incoming.text}; ${describe(correction.kept)}`;
  if (current.field === "preferred_appointment_times" && incoming.field === "preferred_appointment_times") {
    const correction = correctTimePreference(current.value, incoming.value);
    return {
      value: { field: current.field, value: correction.value },
      text: withKept(correction, describeTimePreference),
    };
  }
  if (current.field === "communication_preferences" && incoming.field === "communication_preferences") {
    const correction = correctCommunicationPreference(current.value, incoming.value);
    return {
      value: { field: current.field, value: correction.value },
      text: withKept(correction, describeCommunicationPreference),
    };
  }
  return null;
}

/**
 * A different value that is not a correction: kept beside the current one. The same candidate heard
 * again is confirmed rather than stored twice; a newer inference replaces an older inferred candidate.
 */
function keepAsCandidate(
  facts: ProfileFact[],
  incoming: NewFact,
  context: MergeContext,
  current: ProfileFact,
): ProfileChange {
  const candidates = facts.filter((fact) => fact.status === "candidate");
  const heardBefore = candidates.find((candidate) => sameValue(candidate, incoming));
  if (heardBefore) return confirm(heardBefore, incoming, context, "candidate");

  const fact = record(incoming, context, { status: "candidate" });
  const olderInferences =
    incoming.source === "behaviour" ? candidates.filter((candidate) => candidate.source === "behaviour") : [];
  const actor = actorOf(incoming);
  return {
    outcome: "candidate",
    inserts: [fact],
    updates: olderInferences.map((older) => supersede(older, fact)),
    audit: [
      audit(fact, actor, "candidate", current.text, fact.text, context.now),
      ...olderInferences.map((older) => audit(older, actor, "replaced", older.text, fact.text, context.now)),
    ],
  };
}

// ---------------------------------------------------------------------------------- list items

function mergeListItem(facts: ProfileFact[], incoming: NewFact, context: MergeContext): ProfileChange {
  const existing = facts.find((fact) => fact.status === "current" && sameValue(fact, incoming));
  if (!existing) return becomeCurrent(facts, incoming, context, { outcome: "added" });

  const reworded = normaliseText(existing.text) !== normaliseText(incoming.text);
  if (reworded && incoming.source === "staff") {
    return becomeCurrent(facts, incoming, context, { outcome: "edited", replaces: existing });
  }
  if (reworded && incoming.source === "customer" && context.correction) {
    return becomeCurrent(facts, incoming, context, { outcome: "corrected", replaces: existing });
  }
  return confirm(existing, incoming, context, "confirmed");
}

// ------------------------------------------------------------------------------------ building

interface BecomeCurrent {
  outcome: ChangeOutcome;
  /** The current fact the new one supersedes. */
  replaces?: ProfileFact;
  /** Defaults: the incoming fact's value, text and confidence. */
  value?: NewFactValue;
  text?: string;
  confidence?: number;
}

/**
 * Insert a new current fact, superseding the one it replaces. Candidates with the same value are
 * settled by it (superseded), so the profile never shows a candidate equal to the current value.
 */
function becomeCurrent(
  facts: ProfileFact[],
  incoming: NewFact,
  context: MergeContext,
  how: BecomeCurrent,
): ProfileChange {
  const fact = record(incoming, context, {
    status: "current",
    supersedes: how.replaces?.id ?? null,
    ...(how.value && { value: how.value }),
    ...(how.text !== undefined && { text: how.text }),
    ...(how.confidence !== undefined && { confidence: how.confidence }),
  });
  const settled = facts.filter((other) => other.status === "candidate" && sameValue(other, fact));
  const actor = actorOf(incoming);
  const before = how.replaces?.text ?? null;
  return {
    outcome: how.outcome,
    inserts: [fact],
    updates: [...(how.replaces ? [how.replaces] : []), ...settled].map((old) => supersede(old, fact)),
    audit: [
      audit(fact, actor, how.outcome, before, fact.text, context.now),
      ...settled.map((candidate) =>
        audit(candidate, actor, "confirmed", candidate.text, fact.text, context.now),
      ),
    ],
  };
}

function confirm(
  fact: ProfileFact,
  incoming: NewFact,
  context: MergeContext,
  outcome: "confirmed" | "candidate",
): ProfileChange {
  const update: FactUpdate = {
    factId: fact.id,
    patch: {
      lastConfirmedAt: incoming.saidAt,
      confirmations: fact.confirmations + 1,
      ...(incoming.source === "behaviour" && { sampleSize: incoming.sampleSize }),
    },
  };
  return {
    outcome,
    inserts: [],
    updates: [update],
    audit: [audit(fact, actorOf(incoming), "confirmed", fact.text, incoming.text, context.now)],
  };
}

function supersede(old: ProfileFact, by: ProfileFact): FactUpdate {
  return { factId: old.id, patch: { status: "superseded", supersededBy: by.id } };
}

function removal(facts: ProfileFact[], request: RemovalRequest): ProfileChange {
  return {
    outcome: "removed",
    inserts: [],
    updates: facts.map((fact) => ({
      factId: fact.id,
      patch: { status: "removed", removedAt: request.now, removedBy: request.by },
    })),
    audit: facts.map((fact) =>
      audit(
        fact,
        request.by,
        "removed",
        isLive(fact) ? fact.text : `${fact.text} (${fact.status})`,
        null,
        request.now,
      ),
    ),
  };
}

interface RecordOverrides {
  status: "current" | "candidate";
  supersedes?: string | null;
  value?: NewFactValue;
  text?: string;
  confidence?: number;
}

function record(incoming: NewFact, context: MergeContext, overrides: RecordOverrides): ProfileFact {
  const { field, value } = overrides.value ?? incoming;
  return {
    field,
    value,
    id: context.newId(),
    contactId: incoming.contactId,
    text: overrides.text ?? incoming.text,
    source: incoming.source,
    messageId: incoming.source === "customer" ? incoming.messageId : null,
    quote: incoming.source === "customer" ? incoming.quote : null,
    saidAt: incoming.saidAt,
    recordedAt: context.now,
    confidence: overrides.confidence ?? incoming.confidence,
    status: overrides.status,
    supersedes: overrides.supersedes ?? null,
    supersededBy: null,
    editedBy: incoming.source === "staff" ? incoming.editedBy : null,
    sampleSize: incoming.source === "behaviour" ? incoming.sampleSize : null,
    lastConfirmedAt: null,
    confirmations: 0,
    removedAt: null,
    removedBy: null,
  } as ProfileFact;
}

// --------------------------------------------------------------------------------------- audit

const VERBS: Record<ChangeOutcome, string> = {
  added: "added",
  confirmed: "confirmed",
  combined: "added to",
  candidate: "mentioned a different",
  corrected: "corrected",
  edited: "edited",
  replaced: "replaced",
  removed: "removed",
  unchanged: "left unchanged",
};

function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case "customer":
      return actor.messageId ? `customer (message ${actor.messageId})` : "customer";
    case "staff":
      return `staff ${actor.userId}`;
    case "behaviour":
      return "booking history";
    case "retention":
      return `retention rule (${actor.rule})`;
  }
}

function quoted(text: string | null): string {
  return text === null ? "—" : `"${text}"`;
}

/** One line a person can read in the audit log: who, what, before → after. */
export function describeChange(
  actor: Actor,
  action: ChangeOutcome,
  field: ProfileField,
  before: string | null,
  after: string | null,
): string {
  const what = `${actorLabel(actor)} ${VERBS[action]} ${field.replaceAll("_", " ")}`;
  switch (action) {
    case "candidate":
      return `${what}: ${quoted(after)} (kept as candidate; current stays ${quoted(before)})`;
    case "confirmed":
      return `${what}: ${quoted(before)} (heard again as ${quoted(after)})`;
    case "added":
      return `${what}: ${quoted(after)}`;
    case "removed":
      return `${what}: ${quoted(before)}`;
    default:
      return `${what}: ${quoted(before)} → ${quoted(after)}`;
  }
}

function audit(
  fact: ProfileFact,
  actor: Actor,
  action: ChangeOutcome,
  before: string | null,
  after: string | null,
  at: Date,
): AuditEntry {
  return {
    contactId: fact.contactId,
    at,
    actor,
    action,
    field: fact.field,
    factId: fact.id,
    before,
    after,
    description: describeChange(actor, action, fact.field, before, after),
  };
}
