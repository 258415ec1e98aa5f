/**
 * What the extractor hears in one customer message. These are candidates for the
 * profile: the profile store decides, with its own rules, what becomes current.
 */
import type { Language } from "../business/BusinessCatalog.ts";

export type { Language };
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const DAY_PARTS = ["morning", "afternoon", "evening"] as const;
export type DayPart = (typeof DAY_PARTS)[number];
export const NOTE_CATEGORIES = ["fear", "limitation", "allergy", "medical", "request", "cultural"] as const;
export type NoteCategory = (typeof NOTE_CATEGORIES)[number];
export const CHANNELS = ["whatsapp", "email", "sms", "phone", "voice"] as const;
export type Channel = (typeof CHANNELS)[number];
export type MessageStyle = "brief" | "detailed";
export type Gender = "female" | "male";

/** The customer's own words a fact came from: offsets into the original message. */
export interface Evidence {
  start: number;
  end: number;
  quote: string;
}

interface FactBase {
  evidence: Evidence;
  /** 0..1: how sure the extractor is that a careful receptionist would note this. */
  confidence: number;
}

export interface StaffPreferenceFact extends FactBase {
  field: "preferred_staff_member";
  value: string;
  /** Set when the name matched the business's staff list. */
  staffId?: string;
  gender?: Gender;
  none?: true;
  /** "The same person as last time": the store resolves it from the last visit. */
  sameAsLastVisit?: true;
}

/** A standing time preference (never a one-off request). Times are 24h "HH:MM". */
export interface TimePreference {
  days: Weekday[];
  not_days: Weekday[];
  parts: DayPart[];
  not_parts: DayPart[];
  after: string | null;
  before: string | null;
  flexible: boolean;
}

export interface TimePreferenceFact extends FactBase {
  field: "preferred_appointment_times";
  value: string;
  slots: TimePreference;
}

export interface SpecialNoteFact extends FactBase {
  field: "special_notes";
  category: NoteCategory;
  /** Stable id of the concept ("latex-allergy"), shared by every language. */
  concept: string;
  value: string;
}

export interface CommunicationPreference {
  channels: Channel[];
  avoid: Channel[];
  style: MessageStyle | null;
  written: boolean;
}

export interface CommunicationPreferenceFact extends FactBase {
  field: "communication_preferences";
  value: string;
  prefs: CommunicationPreference;
}

export type ServiceInterest = "requested" | "liked" | "asked";

export interface ServicePreferenceFact extends FactBase {
  field: "preferred_services";
  value: string;
  /** Catalogue services this mention stands for (one, or several for "massage"). */
  serviceIds: string[];
  interest: ServiceInterest;
}

export interface BasicFact extends FactBase {
  field: "name" | "email" | "phone";
  value: string;
}

export type ExtractedFact =
  | StaffPreferenceFact
  | TimePreferenceFact
  | SpecialNoteFact
  | CommunicationPreferenceFact
  | ServicePreferenceFact
  | BasicFact;

export type FactField = ExtractedFact["field"];

export interface Signals {
  language: Language;
  /** An emergency or acute pain: no optional questions in this turn. */
  urgent: boolean;
  /** Fear or nervousness: reassure. */
  anxious: boolean;
  /** The customer declines to share something. */
  declined: boolean;
  /** -1 (negative) .. 1 (positive). */
  sentiment: number;
  /** The customer corrects something said before ("actually…", "ab jetzt…"). */
  correction: boolean;
}

export interface Extraction {
  facts: ExtractedFact[];
  signals: Signals;
}
