/**
 * Minutes kept free before and after each service (preparing the room, tidying up), saved into
 * `bufferMinutes` through PUT …/schedule. A service without its own buffers gets the "default" row's.
 */
import { type FormEvent, useEffect, useState } from "react";
import { useI18n } from "../../i18n/index.tsx";
import { useSession } from "../../session.tsx";
import type { Buffer, Schedule } from "../../types.ts";
import { SaveNoticeLine } from "./SaveNoticeLine.tsx";
import { useScheduleSave } from "./useScheduleSave.ts";

const DEFAULT = "default";

interface Row {
  before: string;
  after: string;
}

/** A bare number is the time after. */
const rowOf = (buffer: Buffer | undefined): Row =>
  buffer === undefined
    ? { before: "", after: "" }
    : typeof buffer === "number"
      ? { before: "0", after: String(buffer) }
      : { before: String(buffer.before), after: String(buffer.after) };

const minutes = (text: string): number | null => {
  const value = Number(text.trim() || "0");
  return Number.isInteger(value) && value >= 0 && value <= 600 ? value : null;
};

export function ServiceBuffers({ schedule, onSaved }: { schedule: Schedule; onSaved(): void }) {
  const { t, language } = useI18n();
  const session = useSession();
  const editable = session.can("schedule.write");
  const saved = schedule.settings.bufferMinutes ?? {};
  const keys = [...schedule.services.map((service) => service.id), DEFAULT];
  const initial = () =>
    Object.fromEntries(keys.map((key) => [key, rowOf(saved[key])])) as Record<string, Row>;
  const [rows, setRows] = useState(initial);
  const { message, setMessage, save: saveChange } = useScheduleSave(schedule, onSaved);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the server's copy changes.
  useEffect(() => setRows(initial()), [schedule]);
  const fallback = rows[DEFAULT] ?? { before: "", after: "" };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    // Entries for services not shown here (no longer offered) are kept as they were.
    const bufferMinutes: Record<string, Buffer> = { ...saved };
    for (const key of keys) {
      const row = rows[key] ?? { before: "", after: "" };
      if (!row.before.trim() && !row.after.trim()) {
        delete bufferMinutes[key];
        continue;
      }
      const before = minutes(row.before);
      const after = minutes(row.after);
      if (before === null || after === null) {
        setMessage({ ok: false, text: t("settings.buffersInvalid") });
        return;
      }
      bufferMinutes[key] = { before, after };
    }
    await saveChange({ bufferMinutes });
  };

  const input = (key: string, side: keyof Row) => (
    <input
      type="number"
      min={0}
      max={600}
      className="minutes-input"
      data-testid={side === "before" ? "buffer-before" : "buffer-after"}
      disabled={!editable}
      aria-label={t(side === "before" ? "settings.bufferBefore" : "settings.bufferAfter")}
      placeholder={key === DEFAULT ? "0" : fallback[side] || "0"}
      value={rows[key]?.[side] ?? ""}
      onChange={(event) =>
        setRows({
          ...rows,
          [key]: { ...(rows[key] ?? { before: "", after: "" }), [side]: event.target.value },
        })
      }
    />
  );

  return (
    <form className="card" onSubmit={(event) => void save(event)} data-testid="service-buffers">
      <h2>{t("settings.buffers")}</h2>
      <p className="sub">{t("settings.buffersHint")}</p>
      <table className="data compact">
        <thead>
          <tr>
            <th>{t("settings.service")}</th>
            <th>{t("settings.bufferBefore")}</th>
            <th>{t("settings.bufferAfter")}</th>
          </tr>
        </thead>
        <tbody>
          {schedule.services.map((service) => (
            <tr key={service.id} data-testid="buffer-row" data-service={service.id}>
              <td>{service.names?.[language] ?? service.name}</td>
              <td>{input(service.id, "before")}</td>
              <td>{input(service.id, "after")}</td>
            </tr>
          ))}
          <tr data-testid="buffer-row" data-service={DEFAULT}>
            <td className="muted">{t("settings.bufferDefault")}</td>
            <td>{input(DEFAULT, "before")}</td>
            <td>{input(DEFAULT, "after")}</td>
          </tr>
        </tbody>
      </table>
      <SaveNoticeLine notice={message} onReload={onSaved} />
      {editable && (
        <button type="submit" className="primary" data-testid="buffers-save">
          {t("common.save")}
        </button>
      )}
    </form>
  );
}
