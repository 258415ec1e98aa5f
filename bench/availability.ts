/**
 * Availability benchmark: a practice with 20 staff and 10,000 appointments in the next 90 days
 * (random but seeded), and many ranked-proposal requests (availability over the whole horizon →
 * SlotRanker → pickProposals) with varied services, profiles and one-off wishes. Per-request
 * latency p50/p95/p99 and requests/s; medians over rounds, because the machine is shared.
 *
 * The busy-time index is built once per round, as a server would keep it per business and rebuild
 * it after each booking; its build time is reported too, and a "cold" figure rebuilds it for every
 * request.
 *
 *   npm run bench:availability [-- --json] [-- --rounds 5 --requests 1000 --seed 20270301 --check]
 */
import { parseArgs } from "node:util";
import { indexBusyTimes, roomsForService } from "../src/domain/booking/Availability.ts";
import {
  buildBusinessSchedule,
  type PracticeSettings,
  parsePracticeSettings,
} from "../src/domain/booking/BusinessSetup.ts";
import { type ProposalRequest, proposeSlots } from "../src/domain/booking/SlotProposals.ts";
import type { RankingProfile } from "../src/domain/booking/SlotRanker.ts";
import type { Appointment, BusinessSchedule, OneOffWish, Weekday } from "../src/domain/booking/types.ts";
import { addDays, LocalDay, parseLocalTime, readWallClock } from "../src/domain/booking/WallClock.ts";
import type { BusinessCatalog } from "../src/domain/business/BusinessCatalog.ts";
import { WEEKDAYS } from "../src/domain/extraction/types.ts";
import { seededRandom } from "./messageCorpus.ts";
import { median, quantile } from "./stats.ts";

const TARGET_P95_MS = 20;

const { values: args } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    rounds: { type: "string", default: "5" },
    requests: { type: "string", default: "1000" },
    appointments: { type: "string", default: "10000" },
    seed: { type: "string", default: "20270301" },
    /** Exit with status 1 when the target is missed. */
    check: { type: "boolean", default: false },
    /** Also time reading the appointment book from PostgreSQL (the cold path of a booking request). */
    db: { type: "boolean", default: false },
  },
});
const rounds = Math.max(1, Number(args.rounds));
const requestCount = Math.max(1, Number(args.requests));
const appointmentCount = Math.max(0, Number(args.appointments));

const random = seededRandom(Number(args.seed));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

// ------------------------------------------------------------------------------- the practice

const SERVICES = [
  { id: "checkup", name: "Dental Checkup", minutes: 30 },
  { id: "cleaning", name: "Dental Cleaning", minutes: 60 },
  { id: "whitening", name: "Teeth Whitening", minutes: 60 },
  { id: "filling", name: "Filling", minutes: 45 },
  { id: "deep-tissue", name: "Deep Tissue Massage", minutes: 60 },
  { id: "aroma", name: "Aromatherapy Massage", minutes: 60 },
  { id: "physio", name: "Physiotherapy Session", minutes: 45 },
  { id: "acupuncture", name: "Acupuncture", minutes: 45 },
];
const ROLES = [
  { role: "dentist", count: 6, services: ["checkup", "filling", "whitening"] },
  { role: "dental hygienist", count: 4, services: ["cleaning", "whitening"] },
  { role: "massage therapist", count: 4, services: ["deep-tissue", "aroma"] },
  { role: "physiotherapist", count: 4, services: ["physio"] },
  { role: "acupuncturist", count: 2, services: ["acupuncture"] },
];
const WORKDAYS: Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat"];

function practice(): { catalog: BusinessCatalog; settings: PracticeSettings; schedule: BusinessSchedule } {
  const staff: BusinessCatalog["staff"] = [];
  const staffHours: Record<string, unknown> = {};
  for (const { role, count, services } of ROLES) {
    for (let i = 0; i < count; i++) {
      const id = `${role.split(" ").at(-1)}-${i + 1}`;
      staff.push({ id, name: `${role} ${i + 1}`, role, gender: random() < 0.5 ? "female" : "male" });
      const days = WORKDAYS.filter((d) => d !== "sat" || random() < 0.5);
      staffHours[id] = {
        days: days.length > 0 ? days : ["mon"],
        ...(random() < 0.15 ? { from: "10:00" } : {}),
        ...(random() < 0.2 ? { breaks: [["15:00", "15:15"]] } : {}),
        services,
      };
    }
  }
  const rooms = [
    {
      id: "dental-g",
      name: "Dental ground",
      floor: 0,
      attributes: ["wheelchair-accessible"],
      services: ["checkup", "filling", "whitening", "cleaning"],
    },
    ...Array.from({ length: 9 }, (_, i) => ({
      id: `dental-${i + 1}`,
      name: `Dental ${i + 1}`,
      floor: 1,
      services: ["checkup", "filling", "whitening", "cleaning"],
    })),
    {
      id: "therapy-g",
      name: "Therapy ground",
      floor: 0,
      attributes: ["wheelchair-accessible"],
      services: ["deep-tissue", "aroma", "physio", "acupuncture"],
    },
    {
      id: "therapy-quiet",
      name: "Quiet room",
      floor: 1,
      attributes: ["quiet"],
      services: ["deep-tissue", "aroma", "acupuncture"],
    },
    ...Array.from({ length: 8 }, (_, i) => ({
      id: `therapy-${i + 1}`,
      name: `Therapy ${i + 1}`,
      floor: 1,
      services: ["deep-tissue", "aroma", "physio", "acupuncture"],
    })),
  ];
  const weekdayHours = [
    ["07:30", "12:00"],
    ["13:00", "20:00"],
  ];
  const catalog: BusinessCatalog = {
    name: "Bench Praxis",
    timezone: "Europe/Zurich",
    country: "CH",
    languages: ["de", "en"],
    staff,
    services: SERVICES,
  };
  const settings = parsePracticeSettings({
    openingHours: {
      mon: weekdayHours,
      tue: weekdayHours,
      wed: weekdayHours,
      thu: [
        ["07:30", "12:00"],
        ["13:00", "21:00"],
      ],
      fri: weekdayHours,
      sat: [["08:00", "14:00"]],
    },
    staffHours,
    closedDates: ["2027-04-02", "2027-04-05", "2027-05-13", "2027-05-24"],
    bufferMinutes: {
      default: 5,
      cleaning: { before: 5, after: 10 },
      "deep-tissue": { before: 5, after: 10 },
    },
    rooms,
    slotStepMinutes: 15,
    minNoticeHours: 2,
    bookingHorizonDays: 90,
  });
  return { catalog, settings, schedule: buildBusinessSchedule(catalog, settings) };
}

/** 10,000 non-overlapping appointments over the next 90 days, placed at random on each staff member's plan. */
function appointments(schedule: BusinessSchedule, now: Date): Appointment[] {
  const today = readWallClock(now, schedule.timezone).date;
  const busyStaff = new Map<string, [number, number][]>();
  const busyRoom = new Map<string, [number, number][]>();
  const free = (list: [number, number][] | undefined, s: number, e: number) =>
    !list?.some(([a, b]) => a < e && s < b);
  const add = (map: Map<string, [number, number][]>, key: string, s: number, e: number) => {
    const list = map.get(key) ?? [];
    list.push([s, e]);
    map.set(key, list);
  };
  const out: Appointment[] = [];
  let attempts = 0;
  while (out.length < appointmentCount && attempts < appointmentCount * 1000) {
    attempts++;
    const member = pick(schedule.staff);
    const date = addDays(today, 1 + Math.floor(random() * 89));
    const day = new LocalDay(date, schedule.timezone);
    const spans = member.plan[day.weekday];
    if (!spans?.length || schedule.closedDates.includes(date)) continue;
    const span = pick(spans);
    const service = schedule.services.find((s) => s.id === pick(member.serviceIds));
    if (!service) continue;
    const first = parseLocalTime(span.start);
    const steps = Math.floor((parseLocalTime(span.end) - first - service.minutes) / 15);
    if (steps < 0) continue;
    // Like a customer taking the next free time after the one they first asked for.
    let placed: { s: number; e: number; start: number; end: number; roomId: string } | null = null;
    for (let k = Math.floor(random() * (steps + 1)); k <= steps && !placed; k++) {
      const start = day.instantMs(first + 15 * k);
      const end = start + service.minutes * 60_000;
      const s = start - service.bufferBeforeMinutes * 60_000;
      const e = end + service.bufferAfterMinutes * 60_000;
      if (!free(busyStaff.get(member.id), s, e)) continue;
      const room = roomsForService(schedule, service.id).find((r) => free(busyRoom.get(r.id), s, e));
      if (room) placed = { s, e, start, end, roomId: room.id };
    }
    if (!placed) continue;
    const { s, e, start, end } = placed;
    const room = { id: placed.roomId };
    add(busyStaff, member.id, s, e);
    add(busyRoom, room.id, s, e);
    const status = random() < 0.08 ? "cancelled" : "booked";
    out.push({
      id: `a${out.length}`,
      contactId: `c${Math.floor(random() * 3000)}`,
      staffId: member.id,
      serviceId: service.id,
      roomId: room.id,
      start: new Date(start),
      end: new Date(end),
      status,
      createdAt: now,
    });
  }
  return out;
}

// ------------------------------------------------------------------------------- the requests

const CONCEPTS = [
  [],
  [],
  [],
  ["wheelchair"],
  ["female-staff-only"],
  ["tinnitus"],
  ["mobility", "latex-allergy"],
];

function requestProfile(schedule: BusinessSchedule): RankingProfile {
  const r = random();
  const staff =
    r < 0.3
      ? { staffId: pick(schedule.staff).id, name: null, gender: null, none: false }
      : r < 0.45
        ? { staffId: null, name: null, gender: pick(["female", "male"] as const), none: false }
        : r < 0.55
          ? { staffId: null, name: null, gender: null, none: true }
          : null;
  const times =
    random() < 0.6
      ? {
          days: WEEKDAYS.filter(() => random() < 0.2),
          not_days: WEEKDAYS.filter(() => random() < 0.1),
          parts: random() < 0.5 ? [pick(["morning", "afternoon", "evening"] as const)] : [],
          not_parts: random() < 0.2 ? [pick(["morning", "evening"] as const)] : [],
          after: random() < 0.2 ? "10:00" : null,
          before: random() < 0.2 ? "16:00" : null,
          flexible: false,
        }
      : null;
  return {
    structured: { preferred_staff_member: staff, preferred_appointment_times: times },
    special_notes: pick(CONCEPTS).map((concept) => ({ concept })),
  };
}

function requestWish(schedule: BusinessSchedule, today: string): OneOffWish | null {
  const r = random();
  if (r < 0.45) return null;
  if (r < 0.5) return { urgent: true };
  if (r < 0.65) return { days: [pick(WEEKDAYS)], parts: [pick(["morning", "afternoon"] as const)] };
  if (r < 0.75)
    return { dates: [addDays(today, 1 + Math.floor(random() * 30))], at: pick(["09:00", "14:30", "17:00"]) };
  if (r < 0.85) return { staffId: pick(schedule.staff).id };
  return { after: "15:00" };
}

function requests(schedule: BusinessSchedule, now: Date): ProposalRequest[] {
  const today = readWallClock(now, schedule.timezone).date;
  return Array.from({ length: requestCount }, () => ({
    serviceId: pick(SERVICES).id,
    // Requests over the first week, so "now" moves past existing bookings as in a real day.
    now: new Date(now.getTime() + Math.floor(random() * 7 * 96) * 15 * 60_000),
    profile: random() < 0.85 ? requestProfile(schedule) : null,
    wish: requestWish(schedule, today),
    pattern: random() < 0.2 ? { day: pick(WEEKDAYS), part: pick(["morning", "afternoon"] as const) } : null,
  }));
}

// ------------------------------------------------------------------------------- measuring

interface Round {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  perSecond: number;
  meanCandidates: number;
}

function summarise(times: Float64Array, totalMs: number, candidates: number): Round {
  const sorted = Float64Array.from(times).sort();
  return {
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    max: sorted[sorted.length - 1] as number,
    perSecond: (times.length / totalMs) * 1000,
    meanCandidates: candidates / times.length,
  };
}

const now = new Date("2027-03-01T06:00:00Z");
const setup = practice();
const { schedule } = setup;
const booked = appointments(schedule, now);
const workload = requests(schedule, now);

let sink = 0;
const warm = indexBusyTimes(schedule, booked);
for (const request of workload.slice(0, 100)) sink += proposeSlots(schedule, warm, request).proposals.length;

const warmRounds: Round[] = [];
const coldRounds: Round[] = [];
const indexMs: number[] = [];
for (let round = 0; round < rounds; round++) {
  const t0 = performance.now();
  const busy = indexBusyTimes(schedule, booked);
  indexMs.push(performance.now() - t0);

  const times = new Float64Array(workload.length);
  let candidates = 0;
  const start = performance.now();
  for (const [i, request] of workload.entries()) {
    const r0 = performance.now();
    const result = proposeSlots(schedule, busy, request);
    times[i] = performance.now() - r0;
    candidates += result.ranked.length;
    sink += result.proposals.length;
  }
  warmRounds.push(summarise(times, performance.now() - start, candidates));

  // Cold: the index rebuilt per request, on a tenth of the workload.
  const coldLoad = workload.slice(0, Math.max(1, Math.floor(workload.length / 10)));
  const cold = new Float64Array(coldLoad.length);
  const coldStart = performance.now();
  for (const [i, request] of coldLoad.entries()) {
    const r0 = performance.now();
    sink += proposeSlots(schedule, indexBusyTimes(schedule, booked), request).proposals.length;
    cold[i] = performance.now() - r0;
  }
  coldRounds.push(summarise(cold, performance.now() - coldStart, 0));
}

const dbCold = args.db ? await measureDatabase() : null;

const pick50 = (rs: Round[], key: keyof Round) => median(rs.map((r) => r[key]));
const result = {
  staff: schedule.staff.length,
  rooms: schedule.rooms.length,
  appointments: booked.length,
  cancelled: booked.filter((a) => a.status === "cancelled").length,
  requests: workload.length,
  rounds,
  meanCandidatesPerRequest: Math.round(pick50(warmRounds, "meanCandidates")),
  p50Ms: pick50(warmRounds, "p50"),
  p95Ms: pick50(warmRounds, "p95"),
  p99Ms: pick50(warmRounds, "p99"),
  maxMs: pick50(warmRounds, "max"),
  requestsPerSecond: pick50(warmRounds, "perSecond"),
  indexBuildMs: median(indexMs),
  coldP50Ms: pick50(coldRounds, "p50"),
  coldP95Ms: pick50(coldRounds, "p95"),
  targetP95Ms: TARGET_P95_MS,
  ...(dbCold && { database: dbCold }),
  sink: sink > 0,
};

if (args.json) console.log(JSON.stringify(result, null, 2));
else {
  const f = (n: number) => n.toFixed(2);
  console.log(
    `availability bench: ${result.staff} staff, ${result.rooms} rooms, ${result.appointments} appointments ` +
      `(${result.cancelled} cancelled) over 90 days; ${result.requests} requests × ${rounds} rounds (medians)`,
  );
  console.log(`  candidates per request (mean): ${result.meanCandidatesPerRequest}`);
  console.log(
    `  ranked proposals: p50 ${f(result.p50Ms)} ms  p95 ${f(result.p95Ms)} ms  p99 ${f(result.p99Ms)} ms  ` +
      `max ${f(result.maxMs)} ms  ${Math.round(result.requestsPerSecond)} req/s`,
  );
  console.log(`  busy-time index build: ${f(result.indexBuildMs)} ms`);
  console.log(
    `  cold (index rebuilt per request): p50 ${f(result.coldP50Ms)} ms  p95 ${f(result.coldP95Ms)} ms`,
  );
  if (dbCold) {
    console.log(
      `  from PostgreSQL (book read + index + proposals, cache empty): p50 ${f(dbCold.p50Ms)} ms  ` +
        `p95 ${f(dbCold.p95Ms)} ms over ${dbCold.samples} requests (read alone p50 ${f(dbCold.readP50Ms)} ms)`,
    );
  }
  console.log(`  target p95 ≤ ${TARGET_P95_MS} ms: ${result.p95Ms <= TARGET_P95_MS ? "met" : "MISSED"}`);
}
if (args.check && result.p95Ms > TARGET_P95_MS) process.exitCode = 1;

/**
 * The product's cold path: the same practice and appointment book in a fresh PostgreSQL database,
 * read through BusyTimesCache (emptied before each request, as after a booking), then ranked.
 */
async function measureDatabase() {
  const { randomBytes } = await import("node:crypto");
  const pg = (await import("pg")).default;
  const { openPostgresDatabase } = await import("../src/adapters/db/openDatabase.ts");
  const { seedBusiness } = await import("../src/adapters/db/businessSeed.ts");
  const { AppointmentRepository } = await import("../src/adapters/db/AppointmentRepository.ts");
  const { BusyTimesCache } = await import("../src/application/BusyTimesCache.ts");
  const admin = process.env.RAPPORT_BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `rapport_bench_avail_${randomBytes(3).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  try {
    const opened = await openPostgresDatabase(url.toString());
    const { businessId } = await seedBusiness(
      opened.db,
      { practice: { catalog: "bench", key: "bench", ...setup.settings }, catalog: setup.catalog },
      "bench-number",
    );
    const raw = new pg.Pool({ connectionString: url.toString(), max: 2 });
    const contacts = await raw.query(
      `INSERT INTO contacts (business_id, wa_id) SELECT $1, '4179' || g FROM generate_series(1, 2000) g RETURNING id`,
      [businessId],
    );
    const contactIds = contacts.rows.map((row: { id: string }) => row.id);
    const buffers = new Map(schedule.services.map((s) => [s.id, s]));
    for (let i = 0; i < booked.length; i += 1000) {
      const chunk = booked.slice(i, i + 1000);
      await raw.query(
        `INSERT INTO appointments (business_id, contact_id, staff_id, service_id, room_key, starts_at, ends_at,
                                   blocked_from, blocked_until, status)
         SELECT $1, c, s.id, v.id, r, st, en, bf, bu, stat::appointment_status
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[],
                     $8::timestamptz[], $9::timestamptz[], $10::text[]) AS a(c, sk, vk, r, st, en, bf, bu, stat)
         JOIN staff s ON s.business_id = $1 AND s.key = a.sk
         JOIN services v ON v.business_id = $1 AND v.key = a.vk`,
        [
          businessId,
          chunk.map((_, j) => contactIds[(i + j) % contactIds.length]),
          chunk.map((a) => a.staffId),
          chunk.map((a) => a.serviceId),
          chunk.map((a) => a.roomId),
          chunk.map((a) => a.start.toISOString()),
          chunk.map((a) => a.end.toISOString()),
          chunk.map((a) =>
            new Date(
              a.start.getTime() - (buffers.get(a.serviceId)?.bufferBeforeMinutes ?? 0) * 60_000,
            ).toISOString(),
          ),
          chunk.map((a) =>
            new Date(
              a.end.getTime() + (buffers.get(a.serviceId)?.bufferAfterMinutes ?? 0) * 60_000,
            ).toISOString(),
          ),
          chunk.map((a) => a.status),
        ],
      );
    }
    await raw.query("ANALYZE");
    await raw.end();
    const cache = new BusyTimesCache({ db: opened.db, appointments: new AppointmentRepository() });
    const samples = workload.slice(0, 60);
    const total: number[] = [];
    const reads: number[] = [];
    for (const request of samples) {
      cache.forget(businessId);
      const t0 = performance.now();
      const busy = await cache.get(businessId, schedule, now, new Date(now.getTime() + 90 * 86_400_000));
      reads.push(performance.now() - t0);
      sink += proposeSlots(busy.schedule, busy.times, request).proposals.length;
      total.push(performance.now() - t0);
    }
    await opened.close();
    const sorted = Float64Array.from(total).sort();
    return {
      samples: samples.length,
      p50Ms: quantile(sorted, 0.5),
      p95Ms: quantile(sorted, 0.95),
      readP50Ms: median(reads),
    };
  } finally {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  }
}
