/** What the profile's structured values and the mined patterns say, in the panel's language. */
import type { Catalog } from "./catalog.ts";
import type { MessageKey, Translate } from "./i18n/index.tsx";
import type { Pattern } from "./types.ts";

interface TimePreference {
  days: string[];
  not_days: string[];
  parts: string[];
  not_parts: string[];
  after: string | null;
  before: string | null;
  flexible: boolean;
}

const day = (t: Translate, d: string) => t(`day.${d}` as MessageKey);
const part = (t: Translate, p: string) => t(`part.${p}` as MessageKey);

/** "Tuesdays and Thursdays, mornings; not Fridays; after 17:00" — or the fact's own text. */
export function timePreferenceInWords(t: Translate, value: unknown, fallback: string | null): string | null {
  const pref = value as TimePreference | null | undefined;
  if (!pref || !Array.isArray(pref.days)) return fallback;
  const pieces: string[] = [];
  if (pref.days.length) pieces.push(t("time.on", { days: pref.days.map((d) => day(t, d)).join(", ") }));
  if (pref.parts.length) pieces.push(t("time.in", { parts: pref.parts.map((p) => part(t, p)).join(", ") }));
  if (pref.after) pieces.push(t("time.after", { time: pref.after }));
  if (pref.before) pieces.push(t("time.before", { time: pref.before }));
  const not = [...pref.not_days.map((d) => day(t, d)), ...pref.not_parts.map((p) => part(t, p))];
  if (not.length) pieces.push(t("time.not", { what: not.join(", ") }));
  if (pref.flexible) pieces.push(t("time.flexible"));
  return pieces.length ? pieces.join("; ") : fallback;
}

const percent = (share: number) => `${Math.round(share * 100)}%`;

/** `formatDay` writes a YYYY-MM-DD date for the reader ("1 Dec 2026"). */
export function patternInWords(
  t: Translate,
  pattern: Pattern,
  catalog: Catalog,
  formatDay: (localDate: string) => string = (localDate) => localDate,
): string {
  switch (pattern.kind) {
    case "weekday-part":
      return t("pattern.weekdayPart", {
        day: day(t, pattern.day),
        part: part(t, pattern.part),
        matching: pattern.matching,
        n: pattern.sampleSize,
      });
    case "usual-time":
      return t("pattern.usualTime", {
        time: pattern.time,
        matching: pattern.matching,
        n: pattern.sampleSize,
      });
    case "usual-staff":
      return t("pattern.usualStaff", {
        staff: catalog.staffName(pattern.staffId),
        matching: pattern.matching,
        n: pattern.sampleSize,
      });
    case "service-cadence":
      return t("pattern.cadence", {
        service: catalog.serviceName(pattern.serviceId),
        every: pattern.roughly.every,
        unit: t(`unit.${pattern.roughly.unit}` as MessageKey),
        next: formatDay(pattern.nextDue),
        n: pattern.sampleSize,
      });
    case "cancellation-rate":
      return t("pattern.cancellation", {
        rate: percent(pattern.rate),
        count: pattern.count,
        n: pattern.sampleSize,
      });
    case "no-show-rate":
      return t("pattern.noShow", {
        rate: percent(pattern.rate),
        count: pattern.count,
        n: pattern.sampleSize,
      });
    case "punctuality":
      return t("pattern.punctuality", {
        share: percent(pattern.onTimeShare),
        minutes: pattern.medianMinutesLate,
        n: pattern.sampleSize,
      });
  }
}
