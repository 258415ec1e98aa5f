/**
 * What a settings card says after saving: saved, what was wrong, or that someone else saved in
 * between, with a button that loads their version (the card's edits are then made again on it).
 */
import { useI18n } from "../../i18n/index.tsx";

export interface SaveNotice {
  ok: boolean;
  text: string;
  /** Refused because the settings changed since they were loaded (409). */
  stale?: boolean;
}

export function SaveNoticeLine(props: { notice: SaveNotice | null; onReload?: () => void }) {
  const { t } = useI18n();
  const { notice, onReload } = props;
  if (!notice) return null;
  return (
    <p className={`notice ${notice.ok ? "ok" : "error"}`} role={notice.ok ? "status" : "alert"}>
      {notice.text}
      {notice.stale && onReload && (
        <>
          {" "}
          <button type="button" className="link" data-testid="settings-reload" onClick={onReload}>
            {t("settings.reload")}
          </button>
        </>
      )}
    </p>
  );
}
