import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Appointment } from "../../src/domain/booking/types.ts";
import type { BusinessCatalog } from "../../src/domain/business/BusinessCatalog.ts";
import { askWhichAppointment } from "../../src/domain/conversation/booking/BookingReplies.ts";
import {
  type BookingContext,
  readBookingRequest,
} from "../../src/domain/conversation/booking/BookingRequest.ts";
import {
  appointmentsNamed,
  readAppointmentChoice,
} from "../../src/domain/conversation/booking/NamedAppointment.ts";

const business = JSON.parse(readFileSync("demo/business.json", "utf8")) as BusinessCatalog;
const NOW = new Date("2026-11-25T14:00:00Z");
const en: BookingContext = { business, language: "en", now: NOW };
const de: BookingContext = { business, language: "de", now: NOW };
const appointment = (id: string, serviceId: string, staffId: string, start: string): Appointment => ({
  id,
  contactId: "c1",
  staffId,
  serviceId,
  roomId: null,
  start: new Date(start),
  end: new Date(new Date(start).getTime() + 3_600_000),
  status: "booked",
  createdAt: new Date("2026-11-01T10:00:00Z"),
});
/** A cleaning on Tuesday 8 Dec (not the coming Tuesday), a massage on Friday 27 Nov, a checkup on Thu 3 Dec. */
const mine = [
  appointment("cleaning-tue", "cleaning", "nina", "2026-12-08T08:00:00Z"),
  appointment("massage-fri", "aroma", "sarah", "2026-11-27T15:00:00Z"),
  appointment("checkup-thu", "checkup", "weber", "2026-12-03T09:00:00Z"),
];
const named = (text: string, context = en) =>
  appointmentsNamed(readBookingRequest(text, context).appointment, mine, "Europe/Zurich").map((a) => a.id);

describe("the appointment a message names", () => {
  it("by weekday, whichever week it is in", () => {
    expect(named("move my Tuesday appointment to Thursday")).toEqual(["cleaning-tue"]);
    expect(named("Ich muss meinen Termin am Freitag absagen", de)).toEqual(["massage-fri"]);
  });

  it("by exact date, service or person", () => {
    expect(named("Bitte den Termin am 3. Dezember stornieren", de)).toEqual(["checkup-thu"]);
    expect(named("I need to cancel my massage")).toEqual(["massage-fri"]);
    expect(named("Please cancel my appointment with Dr. Weber")).toEqual(["checkup-thu"]);
  });

  it("every upcoming one, soonest first, when none is named", () => {
    expect(named("I need to cancel my appointment")).toEqual(["massage-fri", "checkup-thu", "cleaning-tue"]);
  });

  it("nothing when the named one does not exist", () => {
    expect(named("cancel my Monday appointment")).toEqual([]);
  });
});

describe("which appointment?", () => {
  it("offers the appointments as rows with appointment:<id> and reads the answer", () => {
    const message = askWhichAppointment(mine, "reschedule", { business, language: "de" });
    expect(message.text).toBe("Welchen Termin möchten Sie verschieben?");
    expect(message.choices.map((c) => c.id)).toEqual([
      "appointment:cleaning-tue",
      "appointment:massage-fri",
      "appointment:checkup-thu",
    ]);
    expect(message.question).toMatchObject({ kind: "choose_appointment", purpose: "reschedule" });
    expect(askWhichAppointment(mine, "cancel", { business, language: "en" }).text).toBe(
      "Which appointment would you like to cancel?",
    );
    expect(readAppointmentChoice({ id: "appointment:massage-fri" }, mine, de)?.id).toBe("massage-fri");
    expect(readAppointmentChoice("1", mine, en)?.id).toBe("massage-fri");
    expect(readAppointmentChoice("the Tuesday one", mine, en)?.id).toBe("cleaning-tue");
    expect(readAppointmentChoice("die Massage", mine, de)?.id).toBe("massage-fri");
    expect(readAppointmentChoice("whichever", mine, en)).toBeNull();
  });
});
