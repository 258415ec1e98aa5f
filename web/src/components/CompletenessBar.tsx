/** How much of the profile is known: a bar with the score, the missing fields on hover. */
import { type MessageKey, useI18n } from "../i18n/index.tsx";
import type { Completeness } from "../types.ts";

export function fieldLabel(field: string): MessageKey {
  return `field.${field}` as MessageKey;
}

export function CompletenessBar({ completeness }: { completeness: Completeness | undefined }) {
  const { t } = useI18n();
  if (!completeness) return <span className="muted">—</span>;
  const score = Math.max(0, Math.min(100, Math.round(completeness.score)));
  const missing = completeness.missing.map((field) => t(fieldLabel(field))).join(", ");
  const level = score >= 80 ? "high" : score >= 50 ? "mid" : "low";
  return (
    <span
      className="completeness"
      data-testid="completeness"
      title={missing ? t("completeness.missing", { fields: missing }) : t("completeness.full")}
    >
      <span className="bar" aria-hidden="true">
        <span className={`fill ${level}`} style={{ width: `${score}%` }} />
      </span>
      <span className="score">{score}%</span>
    </span>
  );
}
