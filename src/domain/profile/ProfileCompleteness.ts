/**
 * How complete a contact's profile is: the share of the fields the business wants to know that are
 * filled. The fields are data; the score is stored with the projection (`contacts.completeness`) so
 * the contacts list filters and sorts on it, and the SQL backfill in migration 0006 mirrors this rule.
 */
import type { ContactProfile } from "./ContactProfileProjection.ts";

/** The fields counted, in the order the UI lists them. Health notes are deliberately not among them. */
export const COMPLETENESS_FIELDS = [
  "name",
  "email",
  "preferred_staff_member",
  "preferred_appointment_times",
  "communication_preferences",
  "preferred_services",
] as const;
export type CompletenessField = (typeof COMPLETENESS_FIELDS)[number];

/** Whether a field counts as filled, read from the contact's projected columns. */
export interface CompletenessColumns {
  name: string | null;
  email: string | null;
  /** "No preference" is an answer: it counts as filled. */
  preferred_staff_member: string | null;
  preferred_appointment_times: string | null;
  communication_preferences: string | null;
  preferred_services: readonly string[];
}

export interface Completeness {
  /** 0–100, rounded. */
  score: number;
  filled: CompletenessField[];
  missing: CompletenessField[];
}

export function isFilled(columns: CompletenessColumns, field: CompletenessField): boolean {
  return field === "preferred_services" ? columns.preferred_services.length > 0 : columns[field] !== null;
}

export function profileCompleteness(columns: CompletenessColumns | ContactProfile): Completeness {
  const filled = COMPLETENESS_FIELDS.filter((field) => isFilled(columns, field));
  return {
    score: completenessScore(filled.length),
    filled,
    missing: COMPLETENESS_FIELDS.filter((field) => !filled.includes(field)),
  };
}

export function completenessScore(filledCount: number): number {
  return Math.round((100 * filledCount) / COMPLETENESS_FIELDS.length);
}
