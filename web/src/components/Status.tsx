/** How a screen says it is loading, failed, or talks to a server without the endpoint it needs. */
import { ApiError, isNotAvailable } from "../api.ts";
import { useI18n } from "../i18n/index.tsx";

export function Loading() {
  const { t } = useI18n();
  return <p className="muted">{t("common.loading")}</p>;
}

export function NotAvailable({ what }: { what: string }) {
  const { t } = useI18n();
  return (
    <div className="notice" data-testid="not-available">
      <strong>{t("common.notAvailable")}</strong> {t("common.notAvailableHint", { what })}
    </div>
  );
}

/** An error as the user can act on it; 404 of an endpoint becomes "not available". */
export function ErrorNote({ error, what }: { error: unknown; what?: string }) {
  const { t } = useI18n();
  if (what !== undefined && isNotAvailable(error)) return <NotAvailable what={what} />;
  const message =
    error instanceof ApiError
      ? error.status === 403
        ? t("common.forbidden")
        : error.message
      : t("common.networkError");
  return (
    <div className="notice error" role="alert">
      {message}
    </div>
  );
}
