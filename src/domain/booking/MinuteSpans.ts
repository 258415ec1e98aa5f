/**
 * Spans of minutes within one day, [start, end), kept sorted and disjoint: the arithmetic behind
 * "working plan ∩ opening hours − breaks".
 */
import type { LocalSpan } from "./types.ts";
import { formatLocalTime, parseLocalTime } from "./WallClock.ts";

export interface MinuteSpan {
  start: number;
  end: number;
}

export function toMinuteSpans(spans: readonly LocalSpan[] | undefined): MinuteSpan[] {
  return normalise(
    (spans ?? []).map((s) => ({ start: parseLocalTime(s.start), end: parseLocalTime(s.end) })),
  );
}

export function toLocalSpans(spans: readonly MinuteSpan[]): LocalSpan[] {
  return spans.map((s) => ({ start: formatLocalTime(s.start), end: formatLocalTime(s.end) }));
}

/** Sorted, empty spans dropped, overlapping or touching spans merged. */
export function normalise(spans: readonly MinuteSpan[]): MinuteSpan[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  const out: MinuteSpan[] = [];
  for (const span of sorted) {
    const last = out.at(-1);
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else out.push({ ...span });
  }
  return out;
}

export function intersect(a: readonly MinuteSpan[], b: readonly MinuteSpan[]): MinuteSpan[] {
  const out: MinuteSpan[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as MinuteSpan;
    const y = b[j] as MinuteSpan;
    const start = Math.max(x.start, y.start);
    const end = Math.min(x.end, y.end);
    if (end > start) out.push({ start, end });
    if (x.end < y.end) i++;
    else j++;
  }
  return out;
}

export function subtract(from: readonly MinuteSpan[], remove: readonly MinuteSpan[]): MinuteSpan[] {
  let out = normalise(from);
  for (const cut of normalise(remove)) {
    out = out.flatMap((span) => {
      if (cut.end <= span.start || cut.start >= span.end) return [span];
      const pieces: MinuteSpan[] = [];
      if (cut.start > span.start) pieces.push({ start: span.start, end: cut.start });
      if (cut.end < span.end) pieces.push({ start: cut.end, end: span.end });
      return pieces;
    });
  }
  return out;
}
