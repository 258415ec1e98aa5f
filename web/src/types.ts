/**
 * What the admin API answers, as the panel reads it (see /api routes in src/adapters/http). Fields the
 * newer endpoints add are optional, so a screen can tell an older server apart and say so.
 */
import type { Language } from "../../src/domain/business/BusinessCatalog.ts";
import type { Weekday } from "../../src/domain/extraction/types.ts";
import type { Role } from "./permissions.ts";

export type { Language, Role, Weekday };

export interface User {
  id: string;
  email: string;
  displayName: string | null;
  role: Role;
  businessId: string;
}

export interface Me {
  user: User | null;
  role: Role;
  via: "session" | "token";
  csrfToken?: string;
  expiresAt?: string;
}

export interface Business {
  id: string;
  name: string;
  timezone: string;
  languages?: Language[];
}

export interface Completeness {
  score: number;
  filled: string[];
  missing: string[];
}

export interface ContactSummary {
  id: string;
  businessId: string;
  waId: string;
  phone: string | null;
  name: string | null;
  email: string | null;
  language: Language | null;
  lastInboundAt: string | null;
  updatedAt: string;
  lastVisitAt?: string | null;
  completeness?: Completeness;
  preferredStaff?: string | null;
  timePreference?: string | null;
  services?: string[];
}

export interface ContactPage {
  contacts: ContactSummary[];
  total?: number;
  page?: number;
  pageSize?: number;
}

export type Severity = "critical" | "warning" | "info";

export interface Alert {
  severity: Severity;
  category: string;
  concept: string | null;
  text: string;
  /** The concept's label in each language; null (or absent, from an older server) without one. */
  labels?: { en: string; de: string } | null;
  action: { en: string; de: string } | null;
  quote: string | null;
  saidAt: string | null;
}

export interface Evidence {
  messageId: string | null;
  quote: string | null;
  saidAt: string;
}

export interface FactView {
  id: string;
  field: string;
  value: unknown;
  text: string;
  status: "current" | "candidate" | "superseded" | "removed";
  source: "customer" | "staff" | "behaviour";
  confidence: number;
  evidence: Evidence;
  recordedAt: string;
  editedBy: string | null;
  sampleSize?: number | null;
  removedAt?: string | null;
  removedBy?: string | null;
}

export interface LiveFact extends FactView {
  history: FactView[];
}

export interface ProjectedNote {
  category: string;
  concept: string | null;
  text: string;
}

export interface ContactProfile {
  name: string | null;
  email: string | null;
  phone: string | null;
  language: Language | null;
  preferred_staff_member: string | null;
  preferred_appointment_times: string | null;
  special_notes: ProjectedNote[];
  communication_preferences: string | null;
  preferred_services: string[];
  structured?: {
    preferred_staff_member: unknown;
    preferred_appointment_times: unknown;
    communication_preferences: unknown;
  };
}

export type Pattern =
  | { kind: "weekday-part"; day: string; part: string; matching: number; sampleSize: number }
  | { kind: "usual-time"; time: string; matching: number; sampleSize: number }
  | { kind: "usual-staff"; staffId: string; matching: number; sampleSize: number }
  | {
      kind: "service-cadence";
      serviceId: string;
      medianIntervalDays: number;
      roughly: { every: number; unit: "week" | "month" | "year" };
      lastVisit: string;
      nextDue: string;
      upcoming: string | null;
      sampleSize: number;
    }
  | {
      kind: "cancellation-rate" | "no-show-rate";
      rate: number;
      count: number;
      sampleSize: number;
      late?: number;
    }
  | { kind: "punctuality"; onTimeShare: number; medianMinutesLate: number; sampleSize: number };

export interface UpcomingAppointment {
  id: string;
  staffId: string;
  serviceId: string;
  roomId: string | null;
  start: string;
  end: string;
  status: string;
}

export interface ConversationState {
  botPaused: boolean;
  pausedBy: string | null;
  pausedAt: string | null;
  windowOpenUntil: string | null;
}

export interface ContactDetail {
  contact: ContactSummary;
  appointments?: UpcomingAppointment[];
  patterns?: Pattern[];
  profile: ContactProfile;
  marketingOptOut: boolean;
  declinedTopics: { topic: string; quote?: string; saidAt: string }[];
  consents: { kind: string; granted: boolean; wording: string; at: string }[];
  requests: { action: string; at: string }[];
  facts: { live: LiveFact[]; superseded: FactView[]; removed: FactView[] };
  /** `actor` is who made the change: a string or `{ kind, userId?, email?, messageId? }`. */
  audit: { at: string; actor: unknown; action: string; factId: string }[];
  alerts?: Alert[];
  completeness?: Completeness;
  conversation?: ConversationState;
}

/** The database says "in"/"out"; "inbound"/"outbound" are read the same. */
export type Direction = "in" | "out" | "inbound" | "outbound";

export function isOutbound(direction: Direction): boolean {
  return direction === "out" || direction === "outbound";
}

export interface Message {
  id: string;
  direction: Direction;
  type: string;
  body: string | null;
  status: string;
  createdAt: string;
  sentBy?: string | null;
}

export interface ConversationSummary {
  contactId: string;
  name: string | null;
  phone: string | null;
  language: Language | null;
  lastMessageAt: string;
  lastDirection: Direction;
  lastPreview: string | null;
  botPaused: boolean;
  windowOpenUntil: string | null;
}

export interface Appointment {
  id: string;
  contactId: string;
  contactName: string | null;
  staffId: string;
  serviceId: string;
  roomId: string | null;
  start: string;
  end: string;
  status: string;
  minutesLate: number | null;
  contactPhone?: string | null;
  alerts?: Alert[];
  accommodations?: { en: string; de: string }[];
  staffName?: string;
  serviceName?: string;
}

export interface StaffMember {
  id: string;
  name: string;
  role: string;
  gender?: "female" | "male";
  active?: boolean;
}

export interface Service {
  id: string;
  name: string;
  names?: Partial<Record<Language, string>>;
  minutes: number;
  active?: boolean;
}

export type DaySpans = [string, string][];

/** One person's entry in `staffHours` (see practiceSettingsSchema on the server). */
export interface StaffPlan {
  /** Works on these days during opening hours, optionally only from/to a time. */
  days?: Weekday[];
  from?: string;
  to?: string;
  /** Explicit hours per weekday; wins over `days` for the days it lists. */
  hours?: Partial<Record<Weekday, DaySpans>>;
  breaks: DaySpans;
  services: string[];
}

/** Minutes before and after a service; a bare number is the time after. */
export type Buffer = number | { before: number; after: number };

/** A treatment room (see roomSettings on the server); floor 0 is the ground floor. */
export interface RoomSettings {
  id: string;
  name: string;
  floor?: number;
  attributes: string[];
  /** Services done here; empty: any service. */
  services: string[];
}

export interface Schedule {
  settings: {
    openingHours: Partial<Record<string, DaySpans>>;
    staffHours: Record<string, StaffPlan>;
    bufferMinutes?: Record<string, Buffer>;
    closedDates?: string[];
    rooms?: RoomSettings[];
    slotStepMinutes?: number;
    minNoticeHours?: number;
    bookingHorizonDays?: number;
    cancellationNoticeHours?: number;
    [key: string]: unknown;
  };
  /** The stored settings' version (newer servers), sent back with a save to detect a save in between. */
  version?: string;
  staff: StaffMember[];
  services: Service[];
  /** No longer active (newer servers): listed in the settings so they can be brought back. */
  inactiveStaff?: StaffMember[];
  inactiveServices?: Service[];
}

export interface Rate {
  customers: number;
  repeat: number;
  /** Null when there was no one to count (a rate over nothing is not 0). */
  rate: number | null;
}

export interface Insights {
  completeness: { customers: number; byField: Record<string, number>; average: number };
  completenessTrend: { period: string; average: number; customers: number }[];
  repeatBooking: { withPreferences: Rate; withoutPreferences: Rate };
  sentimentTrend: {
    period: string;
    messages: number;
    average: number | null;
    negativeShare: number | null;
  }[];
  noShow: {
    rate: number | null;
    appointments: number;
    trend: { period: string; rate: number | null; appointments: number }[];
  };
  timeSaved: {
    questionsNotAsked: number;
    minutesSaved: number;
    trend: { period: string; questionsNotAsked: number }[];
  };
}

export interface UserRow {
  id: string;
  email: string;
  displayName: string | null;
  role: Role;
  disabledAt: string | null;
  lastLoginAt: string | null;
}
