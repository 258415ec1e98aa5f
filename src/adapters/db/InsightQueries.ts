/**
 * The counts behind the insights (`src/domain/insights/Kpis.ts` says what each one means), each
 * aggregated in PostgreSQL over one business and whole periods: no row-level data leaves the
 * database, and no health note or message text is read.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Period } from "../../domain/insights/InsightPeriods.ts";
import type { InsightCounts } from "../../domain/insights/Kpis.ts";
import { BOOKING_QUESTION_FIELDS } from "../../domain/insights/Kpis.ts";
import { COMPLETENESS_FIELDS } from "../../domain/profile/ProfileCompleteness.ts";
import { type Database, rowsOf } from "./database.ts";

const iso = (date: Date) => date.toISOString();
const keyOf = (value: string | Date) => new Date(value).toISOString();
const num = (value: unknown) => Number(value ?? 0);
const fieldList = (fields: readonly string[]) =>
  sql.join(
    fields.map((field) => sql`${field}`),
    sql`, `,
  );

export async function countInsights(
  db: Database,
  businessId: string,
  periods: Period[],
): Promise<InsightCounts> {
  const first = periods[0];
  const last = periods.at(-1);
  if (!first || !last) throw new RangeError("no period to count");
  const from = iso(first.start);
  const to = iso(last.end);
  const values = sql.join(
    periods.map((p) => sql`(${iso(p.start)}::timestamptz, ${iso(p.end)}::timestamptz)`),
    sql`, `,
  );
  const withPeriods = (query: SQL) => sql`WITH p (start, stop) AS (VALUES ${values}) ${query}`;
  const run = async <Row>(query: SQL) => rowsOf<Row>(await db.execute(query));

  const [now, trend, repeat, sentiment, noShow, questions] = await Promise.all([
    run<Record<string, unknown>>(sql`
      SELECT count(*) AS customers, count(name) AS name, count(email) AS email,
             count(preferred_staff_member) AS preferred_staff_member,
             count(preferred_appointment_times) AS preferred_appointment_times,
             count(communication_preferences) AS communication_preferences,
             count(*) FILTER (WHERE jsonb_array_length(preferred_services) > 0) AS preferred_services
      FROM contacts WHERE business_id = ${businessId}`),
    // The fields known at the end of each period: a fact recorded by then and not removed by then.
    run<{ start: string | Date; customers: unknown; filled: unknown }>(
      withPeriods(sql`
        SELECT p.start, count(c.id) AS customers, coalesce(sum(k.n), 0) AS filled
        FROM p
        JOIN contacts c ON c.business_id = ${businessId} AND c.created_at < p.stop
        LEFT JOIN LATERAL (
          SELECT count(DISTINCT f.field) AS n FROM profile_facts f
          WHERE f.business_id = c.business_id AND f.contact_id = c.id
            AND f.field IN (${fieldList(COMPLETENESS_FIELDS)}) AND f.status <> 'candidate'
            AND f.recorded_at < p.stop AND (f.removed_at IS NULL OR f.removed_at >= p.stop)
        ) k ON true
        GROUP BY p.start`),
    ),
    run<{ with_preferences: boolean; customers: unknown; repeat: unknown }>(sql`
      WITH visits AS (
        SELECT contact_id, count(*) AS n FROM appointments
        WHERE business_id = ${businessId} AND status NOT IN ('cancelled', 'no_show')
          AND starts_at >= ${from}::timestamptz AND starts_at < ${to}::timestamptz
        GROUP BY contact_id
      )
      SELECT (c.preferred_staff_member IS NOT NULL OR c.preferred_appointment_times IS NOT NULL
              OR c.communication_preferences IS NOT NULL
              OR jsonb_array_length(c.preferred_services) > 0) AS with_preferences,
             count(*) AS customers, count(*) FILTER (WHERE v.n >= 2) AS repeat
      FROM visits v JOIN contacts c ON c.business_id = ${businessId} AND c.id = v.contact_id
      GROUP BY 1`),
    run<{ start: string | Date; messages: unknown; total: unknown; negative: unknown }>(
      withPeriods(sql`
        SELECT p.start, count(m.id) AS messages, coalesce(sum(m.sentiment), 0) AS total,
               count(m.id) FILTER (WHERE m.sentiment < 0) AS negative
        FROM p JOIN messages m ON m.business_id = ${businessId} AND m.direction = 'in'
          AND m.sentiment IS NOT NULL AND m.created_at >= p.start AND m.created_at < p.stop
        GROUP BY p.start`),
    ),
    run<{ start: string | Date; appointments: unknown; no_shows: unknown }>(
      withPeriods(sql`
        SELECT p.start,
               count(a.id) FILTER (WHERE a.status IN ('arrived', 'late', 'completed', 'no_show')) AS appointments,
               count(a.id) FILTER (WHERE a.status = 'no_show') AS no_shows
        FROM p JOIN appointments a ON a.business_id = ${businessId}
          AND a.starts_at >= p.start AND a.starts_at < p.stop
        GROUP BY p.start`),
    ),
    run<{ start: string | Date; questions: unknown }>(
      withPeriods(sql`
        SELECT p.start, coalesce(sum(k.known), 0) AS questions
        FROM p
        JOIN appointments a ON a.business_id = ${businessId} AND a.booked_via = 'chat'
          AND a.created_at >= p.start AND a.created_at < p.stop
        JOIN LATERAL (
          SELECT count(DISTINCT f.field) AS known FROM profile_facts f
          WHERE f.business_id = a.business_id AND f.contact_id = a.contact_id
            AND f.field IN (${fieldList(BOOKING_QUESTION_FIELDS)}) AND f.status <> 'candidate'
            AND f.recorded_at <= a.created_at AND (f.removed_at IS NULL OR f.removed_at > a.created_at)
        ) k ON true
        GROUP BY p.start`),
    ),
  ]);

  const totals = now[0] ?? {};
  const group = (withPreferences: boolean) => {
    const row = repeat.find((r) => r.with_preferences === withPreferences);
    return { customers: num(row?.customers), repeat: num(row?.repeat) };
  };
  return {
    periods,
    completeness: {
      customers: num(totals.customers),
      filled: Object.fromEntries(COMPLETENESS_FIELDS.map((field) => [field, num(totals[field])])) as Record<
        (typeof COMPLETENESS_FIELDS)[number],
        number
      >,
    },
    completenessTrend: new Map(
      trend.map((row) => [
        keyOf(row.start),
        { customers: num(row.customers), filledFields: num(row.filled) },
      ]),
    ),
    repeat: { withPreferences: group(true), withoutPreferences: group(false) },
    sentiment: new Map(
      sentiment.map((row) => [
        keyOf(row.start),
        { messages: num(row.messages), sum: num(row.total), negative: num(row.negative) },
      ]),
    ),
    noShow: new Map(
      noShow.map((row) => [
        keyOf(row.start),
        { appointments: num(row.appointments), noShows: num(row.no_shows) },
      ]),
    ),
    questionsNotAsked: new Map(questions.map((row) => [keyOf(row.start), num(row.questions)])),
  };
}
