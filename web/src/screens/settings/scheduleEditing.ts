/** What the settings cards share: the week, spans as text, and saving the schedule as a whole. */

import { WEEKDAYS } from "../../../../src/domain/extraction/types.ts";
import { ApiError, api, errorText } from "../../api.ts";
import type { MessageKey } from "../../i18n/en.ts";
import type { DaySpans, Schedule, Weekday } from "../../types.ts";

export const DAYS: readonly Weekday[] = WEEKDAYS;

/** [["08:00", "12:00"], ["13:30", "18:00"]] → "08:00–12:00, 13:30–18:00". */
export const spansText = (spans: DaySpans | undefined) =>
  (spans ?? []).map(([from, to]) => `${from}–${to}`).join(", ");

/** The reverse of `spansText` (a hyphen works too); null when a piece is not "HH:MM–HH:MM". */
export function parseSpans(text: string): DaySpans | null {
  const trimmed = text.trim();
  if (!trimmed) return [];
  const spans: DaySpans = [];
  for (const piece of trimmed.split(",")) {
    const match = /^\s*(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})\s*$/.exec(piece);
    if (!match?.[1] || !match[2]) return null;
    spans.push([match[1].padStart(5, "0"), match[2].padStart(5, "0")]);
  }
  return spans;
}

/** The days from `from` to `to` (YYYY-MM-DD, both included); empty when `to` is before `from`. */
export function daysFromTo(from: string, to: string): string[] {
  const days: string[] = [];
  const end = Date.parse(`${to}T12:00:00Z`);
  // At most a few years: a typo in the year must not hang the tab.
  for (let day = Date.parse(`${from}T12:00:00Z`); day <= end && days.length <= 3660; day += 86_400_000) {
    days.push(new Date(day).toISOString().slice(0, 10));
  }
  return days;
}

/**
 * PUT …/schedule replaces the settings as a whole: each card sends back what it was given with its
 * own part changed, and the server checks the result against the catalogue. The version it was given
 * goes along, so a save over someone else's newer one is refused (409) instead of undoing it.
 */
export function saveSettings(
  businessId: string,
  schedule: Pick<Schedule, "settings" | "version">,
  change: Partial<Schedule["settings"]>,
): Promise<unknown> {
  return api(`/api/businesses/${businessId}/schedule`, {
    method: "PUT",
    body: { ...schedule.settings, ...change, ...(schedule.version && { version: schedule.version }) },
  });
}

/** The save was refused because someone else saved in between (409). */
export const isStaleSave = (error: unknown) => error instanceof ApiError && error.status === 409;

/** What to tell the user when saving the schedule failed; a 409 is someone else's save in between. */
export function saveErrorText(error: unknown, t: (key: MessageKey) => string): string {
  if (isStaleSave(error)) return t("settings.staleSchedule");
  return errorText(error, t("common.networkError"));
}
