/**
 * A settings card's save: sends the card's part of the schedule (see `saveSettings`), then says
 * "saved" and lets the screen reload, or says what went wrong (someone else's newer save: 409).
 */
import { useState } from "react";
import { useI18n } from "../../i18n/index.tsx";
import { useSession } from "../../session.tsx";
import type { Schedule } from "../../types.ts";
import type { SaveNotice } from "./SaveNoticeLine.tsx";
import { isStaleSave, saveErrorText, saveSettings } from "./scheduleEditing.ts";

export function useScheduleSave(schedule: Schedule, onSaved: () => void) {
  const { t } = useI18n();
  const session = useSession();
  const [message, setMessage] = useState<SaveNotice | null>(null);
  /** True when the change was stored. */
  const save = async (change: Partial<Schedule["settings"]>): Promise<boolean> => {
    setMessage(null);
    try {
      await saveSettings(session.business.id, schedule, change);
      setMessage({ ok: true, text: t("settings.saved") });
      onSaved();
      return true;
    } catch (error) {
      setMessage({ ok: false, text: saveErrorText(error, t), stale: isStaleSave(error) });
      return false;
    }
  };
  return { message, setMessage, save };
}
