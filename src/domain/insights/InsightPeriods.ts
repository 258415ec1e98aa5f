/**
 * The buckets of a KPI trend: weeks (Monday 00:00 UTC) or calendar months (UTC), covering `from` up
 * to `to`. The first bucket starts at or before `from` so that every bucket is a whole week or month.
 */
export type Bucket = "week" | "month";

export interface Period {
  start: Date;
  end: Date;
}

/** At most this many buckets in one answer (two years of weeks). */
export const MAX_PERIODS = 106;

export function periodStart(at: Date, bucket: Bucket): Date {
  if (bucket === "month") return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  const day = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  const sinceMonday = (new Date(day).getUTCDay() + 6) % 7;
  return new Date(day - sinceMonday * 86_400_000);
}

function nextStart(start: Date, bucket: Bucket): Date {
  return bucket === "month"
    ? new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1))
    : new Date(start.getTime() + 7 * 86_400_000);
}

export function periodsBetween(from: Date, to: Date, bucket: Bucket): Period[] {
  const periods: Period[] = [];
  for (let start = periodStart(from, bucket); start < to; start = nextStart(start, bucket)) {
    periods.push({ start, end: nextStart(start, bucket) });
    if (periods.length > MAX_PERIODS) throw new RangeError(`more than ${MAX_PERIODS} ${bucket}s`);
  }
  return periods;
}
