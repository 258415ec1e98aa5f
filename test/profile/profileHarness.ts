/**
 * A contact's profile in memory, driven through the merge rules the way the persistence layer will:
 * merge, apply the change, keep the facts. Ids and clocks are deterministic.
 */
import {
  type ContactProfile,
  projectContactProfile,
} from "../../src/domain/profile/ContactProfileProjection.ts";
import {
  EMPTY_COMMUNICATION_PREFERENCE,
  EMPTY_TIME_PREFERENCE,
} from "../../src/domain/profile/PreferenceCombination.ts";
import { applyChange, type ProfileChange } from "../../src/domain/profile/ProfileChange.ts";
import type {
  Actor,
  CommunicationPreference,
  FactOf,
  FactValueByField,
  NewFact,
  ProfileFact,
  ProfileField,
  TimePreference,
} from "../../src/domain/profile/ProfileFact.ts";
import { mergeFact, removeAll, removeFact } from "../../src/domain/profile/ProfileMergeRules.ts";

export const CONTACT = "contact-marie";
export const MONDAY = new Date("2025-03-03T09:00:00Z");

export function day(offset: number): Date {
  return new Date(MONDAY.getTime() + offset * 24 * 60 * 60 * 1000);
}

export function times(partial: Partial<TimePreference>): TimePreference {
  return { ...EMPTY_TIME_PREFERENCE, ...partial };
}

export function comms(partial: Partial<CommunicationPreference>): CommunicationPreference {
  return { ...EMPTY_COMMUNICATION_PREFERENCE, ...partial };
}

let messages = 0;

interface Said {
  saidAt?: Date;
  messageId?: string;
  confidence?: number;
}

/** The customer said it in a WhatsApp message. */
export function customer<F extends ProfileField>(
  field: F,
  value: FactValueByField[F],
  text: string,
  said: Said = {},
): NewFact {
  messages += 1;
  return {
    field,
    value,
    text,
    contactId: CONTACT,
    saidAt: said.saidAt ?? MONDAY,
    confidence: said.confidence ?? 0.9,
    source: "customer",
    messageId: said.messageId ?? `msg-${messages}`,
    quote: text,
  } as NewFact;
}

/** A staff user typed it in the admin UI. */
export function staff<F extends ProfileField>(
  userId: string,
  field: F,
  value: FactValueByField[F],
  text: string,
  saidAt: Date = MONDAY,
): NewFact {
  return {
    field,
    value,
    text,
    contactId: CONTACT,
    saidAt,
    confidence: 1,
    source: "staff",
    editedBy: userId,
  } as NewFact;
}

/** The booking-pattern job inferred it from `sampleSize` bookings. */
export function inferred<F extends ProfileField>(
  sampleSize: number,
  field: F,
  value: FactValueByField[F],
  text: string,
  saidAt: Date = MONDAY,
): NewFact {
  return {
    field,
    value,
    text,
    contactId: CONTACT,
    saidAt,
    confidence: 0.6,
    source: "behaviour",
    sampleSize,
  } as NewFact;
}

export const CUSTOMER: Actor = { kind: "customer", messageId: null };

export class Profile {
  facts: ProfileFact[] = [];
  private ids = 0;
  private clock = MONDAY.getTime();

  constructor(readonly contactId: string = CONTACT) {}

  hear(incoming: NewFact, options: { correction?: boolean } = {}): ProfileChange {
    return this.apply(
      mergeFact(this.facts, incoming, {
        correction: options.correction ?? false,
        now: this.tick(),
        newId: () => `fact-${++this.ids}`,
      }),
    );
  }

  remove(factId: string, by: Actor = CUSTOMER): ProfileChange {
    return this.apply(removeFact(this.facts, factId, { by, now: this.tick() }));
  }

  removeAll(field?: ProfileField, by: Actor = CUSTOMER): ProfileChange {
    return this.apply(
      removeAll(this.facts, { contactId: this.contactId, by, now: this.tick(), ...(field && { field }) }),
    );
  }

  /** The current fact of a single-valued field. */
  current<F extends ProfileField>(field: F): FactOf<F> | undefined {
    return this.withStatus(field, "current")[0];
  }

  withStatus<F extends ProfileField>(field: F, status: ProfileFact["status"]): FactOf<F>[] {
    return this.facts.filter((fact) => fact.field === field && fact.status === status) as FactOf<F>[];
  }

  byId(id: string): ProfileFact {
    const fact = this.facts.find((candidate) => candidate.id === id);
    if (!fact) throw new Error(`no fact ${id}`);
    return fact;
  }

  projection(): ContactProfile {
    return projectContactProfile(this.contactId, this.facts);
  }

  private apply(change: ProfileChange): ProfileChange {
    this.facts = applyChange(this.facts, change);
    return change;
  }

  private tick(): Date {
    this.clock += 60_000;
    return new Date(this.clock);
  }
}
