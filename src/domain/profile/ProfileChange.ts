/**
 * What the merge rules decide, as data: facts to insert, status updates to existing facts, and the
 * audit entries describing them. The persistence layer writes exactly this; `applyChange` does the
 * same in memory.
 */
import type { Actor, ProfileFact, ProfileField } from "./ProfileFact.ts";

/**
 * added: a new current fact (empty field or new list item). confirmed: the same value heard again.
 * combined: a compatible addition merged into the current value. candidate: a different value kept
 * beside the current one. corrected: the customer's correction replaced the current value.
 * edited: staff replaced it. replaced: a stated fact or newer inference replaced an inferred one.
 * removed: taken out at the customer's or staff's request. unchanged: nothing to do.
 */
export type ChangeOutcome =
  | "added"
  | "confirmed"
  | "combined"
  | "candidate"
  | "corrected"
  | "edited"
  | "replaced"
  | "removed"
  | "unchanged";

/** The fields of an existing fact a change may touch; everything else about a fact is immutable. */
export type FactPatch = Partial<
  Pick<
    ProfileFact,
    "status" | "supersededBy" | "lastConfirmedAt" | "confirmations" | "sampleSize" | "removedAt" | "removedBy"
  >
>;

export interface FactUpdate {
  factId: string;
  patch: FactPatch;
}

export interface AuditEntry {
  contactId: string;
  at: Date;
  actor: Actor;
  action: ChangeOutcome;
  field: ProfileField;
  /** The fact the entry is about: the inserted one, or the one updated. */
  factId: string;
  before: string | null;
  after: string | null;
  /** One readable line: who, what, before → after. */
  description: string;
}

export interface ProfileChange {
  outcome: ChangeOutcome;
  inserts: ProfileFact[];
  updates: FactUpdate[];
  audit: AuditEntry[];
}

export const NO_CHANGE: ProfileChange = { outcome: "unchanged", inserts: [], updates: [], audit: [] };

/** The facts after a change, without mutating the input: updated facts are copied, inserts appended. */
export function applyChange(facts: readonly ProfileFact[], change: ProfileChange): ProfileFact[] {
  const patches = new Map<string, FactPatch>();
  for (const { factId, patch } of change.updates) {
    patches.set(factId, { ...patches.get(factId), ...patch });
  }
  const updated = facts.map((fact) => {
    const patch = patches.get(fact.id);
    return patch ? ({ ...fact, ...patch } as ProfileFact) : fact;
  });
  return [...updated, ...change.inserts];
}
