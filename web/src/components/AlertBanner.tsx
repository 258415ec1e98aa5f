/**
 * The safety-critical notes, red and first: "⚠️ Latex allergy — use latex-free gloves". From the
 * contact's `alerts`; on a server without them, from the health notes of the profile (no action then).
 * A note reads in the panel's language when its concept is known ("Latexallergie"), else as written.
 */
import { alertText } from "../alertText.ts";
import { type MessageKey, useI18n } from "../i18n/index.tsx";
import type { Alert, ContactProfile, Severity } from "../types.ts";

const SEVERITY_OF: Record<string, Severity> = {
  allergy: "critical",
  medical: "critical",
  limitation: "warning",
  fear: "warning",
};

/** Alerts as the server gives them, or derived from the profile's special notes. */
export function alertsOf(detail: { alerts?: Alert[]; profile: ContactProfile }): Alert[] {
  if (detail.alerts) return detail.alerts;
  return detail.profile.special_notes.map((note) => ({
    severity: SEVERITY_OF[note.category] ?? "info",
    category: note.category,
    concept: note.concept,
    text: note.text,
    labels: null,
    action: null,
    quote: null,
    saidAt: null,
  }));
}

/** The note's own text may already say what to do ("Latex allergy - use latex-free gloves"). */
function mentions(text: string, action: string): boolean {
  return text.toLowerCase().includes(action.toLowerCase());
}

const RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };
const ICON: Record<Severity, string> = { critical: "⚠️", warning: "⚠", info: "ℹ" };

export function AlertBanner({ alerts, compact = false }: { alerts: Alert[]; compact?: boolean }) {
  const { t, language } = useI18n();
  const shown = alerts
    .filter((alert) => !compact || alert.severity !== "info")
    .sort((a, b) => RANK[a.severity] - RANK[b.severity]);
  if (shown.length === 0) return null;
  const worst = shown[0]?.severity ?? "info";
  return (
    <div
      className={`alert-banner ${worst}${compact ? " compact" : ""}`}
      role={worst === "critical" ? "alert" : "note"}
      data-testid="alert-banner"
      title={t("alerts.label")}
    >
      <ul>
        {shown.map((alert) => (
          <li
            key={`${alert.category}-${alert.concept ?? alert.text}`}
            className={alert.severity}
            data-testid="alert"
            data-severity={alert.severity}
          >
            <span aria-hidden="true">{ICON[alert.severity]}</span>{" "}
            <strong>{alertText(alert, language)}</strong>
            {alert.action && !mentions(alertText(alert, language), alert.action[language]) && (
              <span className="action"> — {alert.action[language]}</span>
            )}
            {!compact && <span className="category"> ({t(`note.${alert.category}` as MessageKey)})</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
