/**
 * The seed's success metrics, computed from counts the database aggregates (no row-level data):
 * profile completeness, repeat booking with vs without preferences, sentiment, no-shows and the staff
 * time saved by questions the bot did not have to ask again. Every rate comes with its sample size,
 * and a rate over nothing is null, not 0.
 *
 * Definitions (what the adapter counts, `src/adapters/db/InsightQueries.ts`):
 * - completeness: over all the business's contacts, the share with each field filled
 *   (`ProfileCompleteness.ts`); the trend is the average score at the end of each period, from when
 *   each field's first fact was recorded (and, if removed, until its removal).
 * - repeat booking: customers with an appointment (not cancelled, not a no-show) starting in the
 *   range; "repeat" when they have two or more. "With preferences": the profile holds a staff, time,
 *   communication or service preference now.
 * - sentiment: the extractor's score (-1..1) of each inbound text message; negative below 0.
 * - no-show: appointments in the range whose attendance was recorded; the share marked no-show.
 * - questions not asked: for each appointment booked in chat, the booking questions the bot did
 *   not need to ask because the profile already knew the answer when it was booked — the preferred
 *   staff member and the preferred time (each counted once per booking, from the facts recorded
 *   before the booking and not removed by then). Each is worth `MINUTES_PER_QUESTION` of staff time.
 */
import type { CompletenessField } from "../profile/ProfileCompleteness.ts";
import { COMPLETENESS_FIELDS } from "../profile/ProfileCompleteness.ts";
import type { Period } from "./InsightPeriods.ts";

/** Asking, waiting for the answer and noting it down, by phone or chat: an estimate, stated as one. */
export const MINUTES_PER_QUESTION = 2;

/** The booking questions a known profile saves (the profile fields that answer them). */
export const BOOKING_QUESTION_FIELDS = ["preferred_staff_member", "preferred_appointment_times"] as const;

export interface InsightCounts {
  periods: Period[];
  completeness: { customers: number; filled: Record<CompletenessField, number> };
  /** Per period start (ISO): contacts existing then, and the fields they had filled, summed. */
  completenessTrend: Map<string, { customers: number; filledFields: number }>;
  repeat: {
    withPreferences: { customers: number; repeat: number };
    withoutPreferences: { customers: number; repeat: number };
  };
  sentiment: Map<string, { messages: number; sum: number; negative: number }>;
  noShow: Map<string, { appointments: number; noShows: number }>;
  questionsNotAsked: Map<string, number>;
}

export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

const round = (value: number | null, digits = 4) =>
  value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits;

export function composeInsights(counts: InsightCounts) {
  const key = (period: Period) => period.start.toISOString();
  const { customers, filled } = counts.completeness;
  const byField = Object.fromEntries(
    COMPLETENESS_FIELDS.map((field) => [field, round(ratio(filled[field], customers)) ?? 0]),
  ) as Record<CompletenessField, number>;
  const filledTotal = COMPLETENESS_FIELDS.reduce((sum, field) => sum + filled[field], 0);
  const repeat = (group: { customers: number; repeat: number }) => ({
    customers: group.customers,
    repeat: group.repeat,
    rate: round(ratio(group.repeat, group.customers)),
  });
  let noShows = 0;
  let attended = 0;
  for (const row of counts.noShow.values()) {
    noShows += row.noShows;
    attended += row.appointments;
  }
  const questionsNotAsked = [...counts.questionsNotAsked.values()].reduce((sum, n) => sum + n, 0);
  return {
    completeness: {
      customers,
      byField,
      average: customers > 0 ? averageScore(filledTotal, customers) : 0,
    },
    completenessTrend: counts.periods.map((period) => {
      const row = counts.completenessTrend.get(key(period));
      return {
        period: key(period),
        customers: row?.customers ?? 0,
        average: row && row.customers > 0 ? averageScore(row.filledFields, row.customers) : 0,
      };
    }),
    repeatBooking: {
      withPreferences: repeat(counts.repeat.withPreferences),
      withoutPreferences: repeat(counts.repeat.withoutPreferences),
    },
    sentimentTrend: counts.periods.map((period) => {
      const row = counts.sentiment.get(key(period)) ?? { messages: 0, sum: 0, negative: 0 };
      return {
        period: key(period),
        messages: row.messages,
        average: round(ratio(row.sum, row.messages)),
        negativeShare: round(ratio(row.negative, row.messages)),
      };
    }),
    noShow: {
      rate: round(ratio(noShows, attended)),
      appointments: attended,
      trend: counts.periods.map((period) => {
        const row = counts.noShow.get(key(period)) ?? { appointments: 0, noShows: 0 };
        return {
          period: key(period),
          rate: round(ratio(row.noShows, row.appointments)),
          appointments: row.appointments,
        };
      }),
    },
    timeSaved: {
      questionsNotAsked,
      minutesSaved: questionsNotAsked * MINUTES_PER_QUESTION,
      minutesPerQuestion: MINUTES_PER_QUESTION,
      trend: counts.periods.map((period) => ({
        period: key(period),
        questionsNotAsked: counts.questionsNotAsked.get(key(period)) ?? 0,
      })),
    },
  };
}

/** The average completeness score (0–100, one decimal) of `customers` who filled `filledFields` in all. */
function averageScore(filledFields: number, customers: number): number {
  return Math.round((1000 * filledFields) / (customers * COMPLETENESS_FIELDS.length)) / 10;
}
