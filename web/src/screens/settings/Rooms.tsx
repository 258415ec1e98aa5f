/**
 * The practice's rooms: where each service is done and what the room offers. Availability gives a
 * wheelchair user only a room marked "wheelchair-accessible", prefers a quiet room for tinnitus, and
 * so on (src/domain/booking/Accommodations.ts); those attributes are offered as checkboxes, others as
 * free text. Saved into `rooms` through PUT …/schedule.
 */
import { type FormEvent, useState } from "react";
import { ROOM_ATTRIBUTES_ASKED_FOR } from "../../../../src/domain/booking/Accommodations.ts";
import { ROOM_WORDING } from "../../../../src/domain/booking/AccommodationWording.ts";
import { CATALOG_KEY_PATTERN, catalogKeyFrom } from "../../../../src/domain/business/CatalogKey.ts";
import { useI18n } from "../../i18n/index.tsx";
import { useSession } from "../../session.tsx";
import type { Language, RoomSettings, Schedule } from "../../types.ts";
import { SaveNoticeLine } from "./SaveNoticeLine.tsx";
import { useScheduleSave } from "./useScheduleSave.ts";

interface RoomForm {
  /** The id of the room being edited; null for a new one. */
  editing: string | null;
  id: string;
  name: string;
  floor: string;
  attributes: string[];
  /** Other attributes, comma-separated. */
  other: string;
  services: string[];
}

const EMPTY: RoomForm = {
  editing: null,
  id: "",
  name: "",
  floor: "",
  attributes: [],
  other: "",
  services: [],
};

const attributeLabel = (attribute: string, language: Language) =>
  ROOM_WORDING[attribute]?.[language] ?? attribute;

export function Rooms({ schedule, onSaved }: { schedule: Schedule; onSaved(): void }) {
  const { t, language } = useI18n();
  const session = useSession();
  const editable = session.can("schedule.write");
  const rooms = schedule.settings.rooms ?? [];
  const [form, setForm] = useState<RoomForm>(EMPTY);
  const { message, setMessage, save: saveChange } = useScheduleSave(schedule, onSaved);
  const serviceName = (id: string) => {
    const service = schedule.services.find((candidate) => candidate.id === id);
    return service ? (service.names?.[language] ?? service.name) : id;
  };

  const save = (next: RoomSettings[]) => saveChange({ rooms: next });

  const edit = (room: RoomSettings) =>
    setForm({
      editing: room.id,
      id: room.id,
      name: room.name,
      floor: room.floor === undefined ? "" : String(room.floor),
      attributes: room.attributes.filter((attribute) => ROOM_ATTRIBUTES_ASKED_FOR.includes(attribute)),
      other: room.attributes.filter((attribute) => !ROOM_ATTRIBUTES_ASKED_FOR.includes(attribute)).join(", "),
      services: room.services,
    });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const id = form.editing ?? (form.id.trim() || catalogKeyFrom(form.name));
    const floor = form.floor.trim() === "" ? undefined : Number(form.floor);
    const others = form.other
      .split(",")
      .map((attribute) => catalogKeyFrom(attribute))
      .filter((attribute) => attribute !== "");
    const fail = (text: string) => setMessage({ ok: false, text });
    if (!form.name.trim()) return fail(t("settings.roomNameRequired"));
    if (!CATALOG_KEY_PATTERN.test(id)) return fail(t("settings.roomIdInvalid"));
    if (form.editing === null && rooms.some((room) => room.id === id)) {
      return fail(t("settings.roomIdTaken", { id }));
    }
    if (floor !== undefined && !(Number.isInteger(floor) && floor >= -5 && floor <= 200)) {
      return fail(t("settings.roomFloorInvalid"));
    }
    const previous = rooms.find((room) => room.id === form.editing);
    // Services no longer offered stay as they were: the editor shows only the offered ones.
    const retired = (previous?.services ?? []).filter(
      (service) => !schedule.services.some((offered) => offered.id === service),
    );
    const room: RoomSettings = {
      id,
      name: form.name.trim(),
      ...(floor !== undefined && { floor }),
      attributes: [...new Set([...form.attributes, ...others])],
      services: [...form.services, ...retired],
    };
    const next =
      form.editing === null
        ? [...rooms, room]
        : rooms.map((existing) => (existing.id === form.editing ? room : existing));
    if (await save(next)) setForm(EMPTY);
  };

  const toggle = (list: string[], value: string, on: boolean) =>
    on ? [...new Set([...list, value])] : list.filter((item) => item !== value);

  return (
    <div className="card wide" data-testid="room-settings">
      <h2>{t("settings.rooms")}</h2>
      <p className="sub">{t("settings.roomsHint")}</p>
      <table className="data compact">
        <thead>
          <tr>
            <th>{t("settings.roomName")}</th>
            <th>{t("settings.roomFloor")}</th>
            <th>{t("settings.roomAttributes")}</th>
            <th>{t("settings.roomServices")}</th>
            {editable && <th />}
          </tr>
        </thead>
        <tbody>
          {rooms.length === 0 && (
            <tr>
              <td colSpan={editable ? 5 : 4} className="muted">
                {t("settings.noRooms")}
              </td>
            </tr>
          )}
          {rooms.map((room) => (
            <tr key={room.id} data-testid="room" data-room={room.id}>
              <td>
                {room.name} <span className="muted">({room.id})</span>
              </td>
              <td>{room.floor ?? "—"}</td>
              <td>
                {[...(room.floor === 0 ? ["ground-floor"] : []), ...room.attributes]
                  .filter((attribute, index, all) => all.indexOf(attribute) === index)
                  .map((attribute) => attributeLabel(attribute, language))
                  .join(", ") || "—"}
              </td>
              <td>
                {room.services.length === 0
                  ? t("settings.anyService")
                  : room.services.map(serviceName).join(", ")}
              </td>
              {editable && (
                <td className="nowrap">
                  <button type="button" className="link" data-testid="room-edit" onClick={() => edit(room)}>
                    {t("settings.editRoom")}
                  </button>{" "}
                  <button
                    type="button"
                    className="danger"
                    data-testid="room-remove"
                    onClick={() => void save(rooms.filter((other) => other.id !== room.id))}
                  >
                    {t("settings.removeRoom")}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {editable && (
        <form className="room-form" onSubmit={(event) => void submit(event)} data-testid="room-form">
          <h3>
            {form.editing === null
              ? t("settings.addRoom")
              : t("settings.editRoomNamed", { id: form.editing })}
          </h3>
          <div className="plan-row">
            <label>
              {t("settings.roomName")}
              <input
                data-testid="room-name"
                maxLength={200}
                required
                value={form.name}
                onChange={(event) => setForm({ ...form, name: event.target.value })}
              />
            </label>
            <label>
              {t("settings.roomId")}
              <input
                data-testid="room-id"
                maxLength={60}
                disabled={form.editing !== null}
                placeholder={catalogKeyFrom(form.name)}
                value={form.id}
                onChange={(event) => setForm({ ...form, id: event.target.value })}
              />
            </label>
            <label>
              {t("settings.roomFloor")}
              <input
                type="number"
                className="minutes-input"
                data-testid="room-floor"
                min={-5}
                max={200}
                step={1}
                value={form.floor}
                onChange={(event) => setForm({ ...form, floor: event.target.value })}
              />
            </label>
          </div>
          <fieldset className="checks">
            <legend>{t("settings.roomAttributes")}</legend>
            {ROOM_ATTRIBUTES_ASKED_FOR.map((attribute) => (
              <label key={attribute} className="check">
                <input
                  type="checkbox"
                  data-testid="room-attribute"
                  data-attribute={attribute}
                  checked={form.attributes.includes(attribute)}
                  onChange={(event) =>
                    setForm({ ...form, attributes: toggle(form.attributes, attribute, event.target.checked) })
                  }
                />
                {attributeLabel(attribute, language)}
              </label>
            ))}
            <input
              data-testid="room-other-attributes"
              aria-label={t("settings.roomOtherAttributes")}
              placeholder={t("settings.roomOtherAttributes")}
              value={form.other}
              onChange={(event) => setForm({ ...form, other: event.target.value })}
            />
          </fieldset>
          <fieldset className="checks">
            <legend>{t("settings.roomServicesHint")}</legend>
            {schedule.services.map((service) => (
              <label key={service.id} className="check">
                <input
                  type="checkbox"
                  data-testid="room-service"
                  data-service={service.id}
                  checked={form.services.includes(service.id)}
                  onChange={(event) =>
                    setForm({ ...form, services: toggle(form.services, service.id, event.target.checked) })
                  }
                />
                {serviceName(service.id)}
              </label>
            ))}
          </fieldset>
          <button type="submit" className="primary" data-testid="room-save">
            {form.editing === null ? t("settings.addRoom") : t("common.save")}
          </button>{" "}
          {form.editing !== null && (
            <button type="button" data-testid="room-cancel" onClick={() => setForm(EMPTY)}>
              {t("settings.cancelEdit")}
            </button>
          )}
        </form>
      )}
      <SaveNoticeLine notice={message} onReload={onSaved} />
    </div>
  );
}
