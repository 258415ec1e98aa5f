/**
 * Demo customers (demo/customers.json) for a practice that has none yet: what the admin panel shows
 * after `rapport seed-demo --customers`, and what the README's screenshots are taken of. Every
 * conversation goes through the real pipeline (inbox → worker → extractor → profile rules → bot), so
 * the profiles, quotes, alerts and declined topics are the product's own; only the visit history is
 * written straight into the book, as if booked in the past, and marked as it went.
 */
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { AppointmentRepository } from "../adapters/db/AppointmentRepository.ts";
import type { Database } from "../adapters/db/database.ts";
import type { TextMessageEvent } from "../adapters/whatsapp/inboundEvent.ts";
import {
  addDays,
  parseLocalTime,
  readWallClock,
  wallClockToInstant,
  weekdayOf,
} from "../domain/booking/WallClock.ts";
import { WEEKDAYS, type Weekday } from "../domain/extraction/types.ts";
import type { Rapport } from "./createRapport.ts";

export const DEMO_CUSTOMERS_FILE = new URL("../../demo/customers.json", import.meta.url);

const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const visit = z.object({
  staff: z.string(),
  service: z.string(),
  time: localTime,
});
const demoCustomersSchema = z.object({
  customers: z.array(
    z.object({
      waId: z.string().regex(/^\d{6,15}$/),
      profileName: z.string(),
      messages: z.array(z.string().min(1)).min(1),
      visits: z.array(
        visit.extend({
          daysAgo: z.number().int().min(1),
          /** The visit falls on this weekday, on or before `daysAgo` (a customer's usual day). */
          weekday: z.enum(WEEKDAYS).optional(),
          status: z.enum(["completed", "late", "no_show", "cancelled"]),
          minutesLate: z.number().int().min(0).optional(),
        }),
      ),
      upcoming: z.array(visit.extend({ inDays: z.number().int().min(0) })).optional(),
    }),
  ),
});

export interface DemoCustomersTarget {
  rapport: Rapport;
  db: Database;
  businessId: string;
  phoneNumberId: string;
  displayPhone: string;
  timezone: string;
  now?: Date;
}

/** Adds the demo customers; returns how many were added (0 when the business has customers already). */
export async function seedDemoCustomers(
  target: DemoCustomersTarget,
  file: string | URL = DEMO_CUSTOMERS_FILE,
): Promise<number> {
  const { rapport, db, businessId, timezone } = target;
  const existing = await rapport.contacts.search(db, { businessId, limit: 1 });
  if (existing.length > 0) return 0;
  const { customers } = demoCustomersSchema.parse(JSON.parse(await readFile(file, "utf8")));
  const now = target.now ?? new Date();
  const today = readWallClock(now, timezone).date;
  const appointments = new AppointmentRepository();
  const { schedule } = await rapport.directory.bookingSetup(businessId);
  const serviceMinutes = new Map(schedule.services.map((service) => [service.id, service.minutes]));

  for (const customer of customers) {
    for (const body of customer.messages) {
      const event: TextMessageEvent = {
        kind: "text",
        phoneNumberId: target.phoneNumberId,
        displayPhoneNumber: target.displayPhone,
        waId: customer.waId,
        from: customer.waId,
        profileName: customer.profileName,
        messageId: `wamid.demo.${randomUUID()}`,
        timestamp: new Date(),
        contextMessageId: null,
        body,
      };
      await rapport.intake.accept([event]);
      await rapport.worker.drain();
    }
    const contact = await rapport.contacts.findByWaId(db, businessId, customer.waId);
    if (!contact) throw new Error(`demo customer ${customer.waId} was not stored`);
    const book = async (date: string, item: z.infer<typeof visit>) => {
      const start = wallClockToInstant(date, parseLocalTime(item.time), timezone);
      const minutes = serviceMinutes.get(item.service) ?? 30;
      return appointments.book(db, {
        businessId,
        contactId: contact.id,
        staffKey: item.staff,
        serviceKey: item.service,
        roomKey: null,
        start,
        end: new Date(start.getTime() + minutes * 60_000),
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
      });
    };
    for (const past of customer.visits) {
      const day = addDays(today, -past.daysAgo);
      const booked = await book(past.weekday ? onOrBefore(day, past.weekday) : workday(day, -1), past);
      if (past.status === "cancelled") {
        await appointments.cancel(db, businessId, booked.id, contact.id);
      } else {
        await appointments.markAttendance(db, businessId, booked.id, past.status, past.minutesLate ?? null);
      }
    }
    for (const next of customer.upcoming ?? []) await book(workday(addDays(today, next.inDays), 1), next);
  }
  return customers.length;
}

function onOrBefore(date: string, weekday: Weekday): string {
  let day = date;
  while (weekdayOf(day) !== weekday) day = addDays(day, -1);
  return day;
}

/** The date itself on a weekday, else the nearest weekday in `direction`. */
function workday(date: string, direction: 1 | -1): string {
  let day = date;
  while (weekdayOf(day) === "sat" || weekdayOf(day) === "sun") day = addDays(day, direction);
  return day;
}
