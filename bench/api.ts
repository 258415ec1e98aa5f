/**
 * Admin API benchmark: `GET /api/contacts/:id` (the contact view) with 100,000 contacts in PostgreSQL,
 * each with a realistic spread of profile facts (some special notes sealed with the real FieldCipher,
 * so the read path decrypts as in production), fact history and audit entries, messages,
 * appointments (with enough visits for some to show patterns), consents and declined topics.
 * Also `GET /api/contacts` searches.
 *
 *   npm run bench:api [-- --contacts 100000 --requests 1000 --rounds 3 --seed 20270301 --json --keep]
 *   npm run bench:api -- --reuse rapport_bench_api_…   (measure again on a kept database, no seeding)
 *
 * A uniquely named database is created on DATABASE_URL's server (default
 * postgres://postgres@127.0.0.1:5432/postgres; RAPPORT_BENCH_POSTGRES_URL works too), migrated,
 * seeded with set-based SQL, and dropped at the end (also on failure or Ctrl-C; `--keep` keeps it).
 * The real app (createRapport, as `rapport serve` builds it, worker off) runs in a child process so
 * the load generator does not take its CPU time. An owner logs in (session cookie); the bearer token
 * is measured too. Each round: N random contacts at concurrency 1 (cookie), concurrency 10 (cookie),
 * concurrency 1 (bearer), then searches. Figures are medians over the rounds, with the server
 * process's CPU time per request: on a shared machine the latencies move with the neighbours' load,
 * the CPU time much less. `--profile DIR` writes a CPU profile of the server.
 *
 * Exits non-zero on errors only; a missed target is reported, not failed (benchmarks report).
 */
import { type ChildProcess, fork } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { AuthService } from "../src/adapters/auth/AuthService.ts";
import { createFieldCipher, type FieldCipher, generateKey } from "../src/adapters/crypto/fieldEncryption.ts";
import { DEMO_PRACTICE_FILE, readPracticeFile, seedBusiness } from "../src/adapters/db/businessSeed.ts";
import { openPostgresDatabase } from "../src/adapters/db/openDatabase.ts";
import { loadConfig } from "../src/app/config.ts";
import { createRapport } from "../src/app/createRapport.ts";
import { createLogger } from "../src/app/logger.ts";
import { generateCorpus, seededRandom } from "./messageCorpus.ts";
import { median, quantile } from "./stats.ts";

const TARGET_P95_MS = 20;

const { values: args } = parseArgs({
  options: {
    contacts: { type: "string", default: "100000" },
    requests: { type: "string", default: "1000" },
    rounds: { type: "string", default: "3" },
    seed: { type: "string", default: "20270301" },
    json: { type: "boolean", default: false },
    /** Keep the database (its name is printed) instead of dropping it. */
    keep: { type: "boolean", default: false },
    /** Measure again on a database a `--keep` run left (no seeding; it is kept). */
    reuse: { type: "string" },
    /** Write a CPU profile of the server into this folder. */
    profile: { type: "string" },
    serve: { type: "string" },
  },
});
const CONTACTS = Math.max(100, Number(args.contacts));
const REQUESTS = Math.max(10, Number(args.requests));
const ROUNDS = Math.max(1, Number(args.rounds));
const SEED = Number(args.seed);
const ADMIN_URL =
  process.env.DATABASE_URL ??
  process.env.RAPPORT_BENCH_POSTGRES_URL ??
  "postgres://postgres@127.0.0.1:5432/postgres";
const PHONE_NUMBER_ID = "bench-api";
const OWNER = { email: "owner@bench.example", password: "bench-owner-password-2027" };

// ------------------------------------------------------------------------------- ids and values

/** A v4-shaped uuid from md5(text): the same in SQL (`bench_uuid`) and here. */
function benchUuid(text: string): string {
  const h = createHash("md5").update(text).digest("hex");
  const v = `${h.slice(0, 12)}4${h.slice(13, 16)}8${h.slice(17)}`;
  return `${v.slice(0, 8)}-${v.slice(8, 12)}-${v.slice(12, 16)}-${v.slice(16, 20)}-${v.slice(20)}`;
}
const contactId = (g: number) => benchUuid(`c${g}`);

const FIRST = [
  "Anna",
  "Lukas",
  "Sophie",
  "Noah",
  "Mia",
  "Leon",
  "Laura",
  "Luca",
  "Lea",
  "David",
  "Sara",
  "Jonas",
  "Elena",
  "Marco",
  "Nina",
  "Tim",
  "Julia",
  "Fabian",
  "Chiara",
  "Simon",
  "Lara",
  "Nicolas",
  "Emma",
  "Daniel",
  "Hannah",
  "Samuel",
  "Alina",
  "Reto",
  "Ursula",
  "Beat",
  "Priya",
  "Mehmet",
  "Olivia",
  "James",
];
const LAST = [
  "Müller",
  "Meier",
  "Schmid",
  "Keller",
  "Weber",
  "Huber",
  "Schneider",
  "Meyer",
  "Steiner",
  "Fischer",
  "Gerber",
  "Brunner",
  "Baumann",
  "Frei",
  "Zimmermann",
  "Moser",
  "Widmer",
  "Wyss",
  "Graf",
  "Roth",
  "Smith",
  "Rossi",
  "Bianchi",
  "Kaya",
  "Nguyen",
  "Fernández",
  "Jones",
  "Berisha",
  "Suter",
  "Bachmann",
];
const STAFF = [
  ["weber", "Dr. Anna Weber", "checkup"],
  ["schmidt", "Dr. Lukas Schmidt", "filling"],
  ["nina", "Nina Keller", "cleaning"],
  ["sarah", "Sarah Meier", "deep-tissue"],
  ["marco", "Marco Rossi", "physio"],
  ["lena", "Lena Huber", "acupuncture"],
] as const;
const TIMES: Array<[object, string]> = [
  [
    { days: [], not_days: [], parts: ["morning"], not_parts: [], after: null, before: null, flexible: false },
    "mornings",
  ],
  [
    {
      days: ["tue", "thu"],
      not_days: [],
      parts: [],
      not_parts: [],
      after: null,
      before: null,
      flexible: false,
    },
    "Tuesdays or Thursdays",
  ],
  [
    {
      days: [],
      not_days: ["mon"],
      parts: ["afternoon"],
      not_parts: [],
      after: null,
      before: null,
      flexible: false,
    },
    "afternoons, not Mondays",
  ],
  [
    { days: [], not_days: [], parts: [], not_parts: [], after: "17:00", before: null, flexible: false },
    "after 17:00",
  ],
  [
    {
      days: ["sat"],
      not_days: [],
      parts: ["morning"],
      not_parts: [],
      after: null,
      before: null,
      flexible: false,
    },
    "Saturday mornings",
  ],
  [
    { days: [], not_days: [], parts: [], not_parts: ["morning"], after: null, before: null, flexible: false },
    "not in the morning",
  ],
  [
    { days: ["wed"], not_days: [], parts: [], not_parts: [], after: null, before: "12:00", flexible: false },
    "Wednesdays before 12:00",
  ],
  [
    { days: [], not_days: [], parts: [], not_parts: [], after: null, before: null, flexible: true },
    "flexible",
  ],
];
const COMMUNICATION: Array<[object, string]> = [
  [{ channels: ["whatsapp"], avoid: ["phone"], style: null, written: true }, "WhatsApp only, no calls"],
  [{ channels: ["email"], avoid: [], style: "detailed", written: true }, "by email, in detail"],
  [{ channels: [], avoid: [], style: "brief", written: false }, "short messages"],
  [{ channels: ["sms"], avoid: ["voice"], style: null, written: true }, "SMS, no voice messages"],
];
const NOTES: Array<{ category: string; concept: string; text: string; quote: string }> = [
  {
    category: "allergy",
    concept: "latex-allergy",
    text: "Latex allergy",
    quote: "Ich bin allergisch auf Latex",
  },
  {
    category: "fear",
    concept: "needle-fear",
    text: "Afraid of needles",
    quote: "I'm a bit nervous about needles",
  },
  { category: "medical", concept: "pregnancy", text: "Pregnant", quote: "ich bin schwanger, 5. Monat" },
  { category: "limitation", concept: "wheelchair", text: "Uses a wheelchair", quote: "I use a wheelchair" },
  {
    category: "allergy",
    concept: "penicillin-allergy",
    text: "Penicillin allergy",
    quote: "allergic to penicillin",
  },
  {
    category: "medical",
    concept: "blood-thinners",
    text: "Takes blood thinners",
    quote: "Ich nehme Blutverdünner",
  },
  {
    category: "fear",
    concept: "dental-anxiety",
    text: "Dental anxiety",
    quote: "Zahnarzt macht mir Angst 😬",
  },
  { category: "request", concept: "female-staff-only", text: "Female staff only", quote: "bitte nur Frauen" },
];
const REPLIES = [
  "Hallo! Gerne. Für welche Behandlung möchten Sie einen Termin?",
  "Hi! Happy to help. Which service would you like to book?",
  "Ich habe Dienstag, 10:30 bei Dr. Weber oder Donnerstag, 14:00 bei Dr. Schmidt. Was passt Ihnen?",
  "You're booked for Thursday at 17:30 with Nina. See you then!",
  "Danke, ich habe mir das notiert.",
  "Noted, thank you — we'll keep that in mind.",
];

// ------------------------------------------------------------------------------- seeding

/**
 * Set-based: one INSERT … SELECT per table over `bench_contact` (one row of random draws per contact,
 * from hashint8extended, so the same seed gives the same data). Only the sealed special notes are
 * made here, with the server's FieldCipher, and sent as arrays.
 */
async function seed(pool: pg.Pool, businessId: string, cipher: FieldCipher) {
  const steps: Array<[string, number]> = [];
  const step = async (name: string, run: () => Promise<unknown>) => {
    const t0 = performance.now();
    await run();
    steps.push([name, performance.now() - t0]);
  };
  const q = (text: string, values: unknown[] = []) => pool.query(text, values);
  const corpus = generateCorpus({ count: 3000, seed: SEED }).messages.map((m) => m.text);

  await step("helpers", async () => {
    await q(`CREATE FUNCTION bench_r(g bigint, k bigint) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE
             AS $$ SELECT (hashint8extended(g, k + ${SEED}) & 2147483647)::float8 / 2147483648.0 $$`);
    await q(`CREATE FUNCTION bench_uuid(t text) RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE
             AS $$ SELECT overlay(overlay(md5(t) PLACING '4' FROM 13) PLACING '8' FROM 17)::uuid $$`);
    await q(
      `CREATE UNLOGGED TABLE bench_contact AS
       SELECT g, bench_uuid('c' || g) AS id,
              bench_r(g, 1) AS r1, bench_r(g, 2) AS r2, bench_r(g, 3) AS r3, bench_r(g, 4) AS r4,
              bench_r(g, 5) AS r5, bench_r(g, 6) AS r6, bench_r(g, 7) AS r7, bench_r(g, 8) AS r8,
              bench_r(g, 9) AS r9, bench_r(g, 10) AS r10, bench_r(g, 11) AS r11, bench_r(g, 12) AS r12,
              now() - (30 + bench_r(g, 13) * 1000) * interval '1 day' AS created
       FROM generate_series(1, ${CONTACTS}) g`,
    );
    await q(
      `ALTER TABLE bench_contact ADD COLUMN name text, ADD COLUMN email text, ADD COLUMN lang text, ADD COLUMN n_msg int`,
    );
    await q(
      `UPDATE bench_contact SET
         name = CASE WHEN r1 < 0.85 THEN ($1::text[])[1 + floor(r2 * ${FIRST.length})::int] || ' ' ||
                                         ($2::text[])[1 + floor(r3 * ${LAST.length})::int] END,
         lang = CASE WHEN r4 < 0.6 THEN 'de' ELSE 'en' END,
         n_msg = 2 + floor(r5 * 7)::int`,
      [FIRST, LAST],
    );
    await q(`UPDATE bench_contact SET email = lower(translate(replace(name, ' ', '.'), 'üéáä', 'ueaa')) || g || '@example.ch'
             WHERE name IS NOT NULL AND r6 < 0.55`);
  });

  await step("contacts", () =>
    q(
      `INSERT INTO contacts (id, business_id, wa_id, phone, name, email, language, preferred_staff_member,
                             preferred_appointment_times, communication_preferences, preferred_services,
                             marketing_opt_out, last_inbound_at, created_at, updated_at)
       SELECT c.id, $1, '4179' || lpad(c.g::text, 7, '0'), '+4179' || lpad(c.g::text, 7, '0'), c.name, c.email,
              c.lang,
              CASE WHEN c.r8 < 0.3 THEN ($2::text[])[1 + floor(c.r9 * 6)::int] END,
              CASE WHEN c.r7 < 0.45 THEN ($3::jsonb[])[1 + floor(c.r10 * ${TIMES.length})::int] END,
              CASE WHEN c.r11 < 0.25 THEN ($4::jsonb[])[1 + floor(c.r12 * ${COMMUNICATION.length})::int] END,
              CASE WHEN c.r9 < 0.4 THEN jsonb_build_array(($5::text[])[1 + floor(c.r2 * 6)::int]) ELSE '[]'::jsonb END,
              c.r12 < 0.03,
              c.created + c.n_msg * interval '3 minutes', c.created, c.created + c.n_msg * interval '3 minutes'
       FROM bench_contact c`,
      [
        businessId,
        STAFF.map((s) => s[1]),
        TIMES.map((t) => JSON.stringify(t[0])),
        COMMUNICATION.map((c) => JSON.stringify(c[0])),
        STAFF.map((s) => s[2]),
      ],
    ),
  );

  await step("messages", () =>
    q(
      `INSERT INTO messages (id, business_id, contact_id, direction, wamid, type, body, status, sent_at,
                             created_at, processed_at)
       SELECT bench_uuid('m' || c.g || ':' || k), $1, c.id,
              (CASE WHEN k % 2 = 1 THEN 'in' ELSE 'out' END)::message_direction,
              'wamid.bench.' || c.g || '.' || k, 'text',
              CASE WHEN k % 2 = 1 THEN ($2::text[])[1 + floor(bench_r(c.g * 16 + k, 30) * ${corpus.length})::int]
                   ELSE ($3::text[])[1 + floor(bench_r(c.g * 16 + k, 31) * ${REPLIES.length})::int] END,
              (CASE WHEN k % 2 = 1 THEN 'received' ELSE 'read' END)::message_status,
              c.created + k * interval '3 minutes', c.created + k * interval '3 minutes',
              c.created + k * interval '3 minutes' + interval '2 seconds'
       FROM bench_contact c, generate_series(1, c.n_msg) k`,
      [businessId, corpus, REPLIES],
    ),
  );

  // Facts as the pipeline leaves them: one current fact per known field, quoting the first message.
  const noLinks = "NULL::uuid, NULL::uuid, NULL::timestamptz, NULL::jsonb";
  const factSelect = (
    field: string,
    where: string,
    value: string,
    text: string,
    quote: string,
    links = noLinks,
  ) =>
    `SELECT bench_uuid('f' || c.g || ':${field}'), $1::uuid, c.id, '${field}', ${value}, ${text},
            'customer'::fact_source, bench_uuid('m' || c.g || ':1'), ${quote},
            c.created + interval '3 minutes', c.created + interval '3 minutes' + interval '1 second',
            0.9, 'current'::fact_status, ${links}
     FROM bench_contact c JOIN contacts k ON k.id = c.id WHERE ${where}`;
  await step("profile facts", () =>
    q(
      `INSERT INTO profile_facts (id, business_id, contact_id, field, value, display_text, source, message_id,
                                  quote, said_at, recorded_at, confidence, status, supersedes_id,
                                  superseded_by_id, removed_at, removed_by)
       ${[
         factSelect(
           "name",
           "c.name IS NOT NULL",
           "to_jsonb(c.name)",
           "c.name",
           "CASE WHEN c.lang = 'de' THEN 'Hallo, hier ist ' ELSE 'Hi, this is ' END || c.name",
         ),
         factSelect(
           "email",
           "c.email IS NOT NULL",
           "to_jsonb(c.email)",
           "c.email",
           "'my email is ' || c.email",
         ),
         factSelect(
           "language",
           "true",
           "to_jsonb(c.lang)",
           "CASE WHEN c.lang = 'de' THEN 'German' ELSE 'English' END",
           "NULL",
         ),
         factSelect(
           "preferred_appointment_times",
           "k.preferred_appointment_times IS NOT NULL",
           "k.preferred_appointment_times",
           `($2::text[])[1 + floor(c.r10 * ${TIMES.length})::int]`,
           `CASE WHEN c.lang = 'de' THEN 'am liebsten ' ELSE 'ideally ' END || ($2::text[])[1 + floor(c.r10 * ${TIMES.length})::int]`,
           `CASE WHEN c.r4 < 0.35 THEN bench_uuid('f' || c.g || ':preferred_appointment_times:old') END,
            NULL::uuid, NULL::timestamptz, NULL::jsonb`,
         ),
         factSelect(
           "preferred_staff_member",
           "k.preferred_staff_member IS NOT NULL",
           `jsonb_build_object('staffId', ($3::text[])[1 + floor(c.r9 * 6)::int], 'name', NULL, 'gender', NULL, 'none', false)`,
           "k.preferred_staff_member",
           "'bei ' || k.preferred_staff_member || ' bitte'",
         ),
         factSelect(
           "communication_preferences",
           "k.communication_preferences IS NOT NULL",
           "k.communication_preferences",
           `($4::text[])[1 + floor(c.r12 * ${COMMUNICATION.length})::int]`,
           `($4::text[])[1 + floor(c.r12 * ${COMMUNICATION.length})::int]`,
         ),
         factSelect(
           "preferred_services",
           "k.preferred_services <> '[]'::jsonb",
           `jsonb_build_object('serviceIds', k.preferred_services, 'interest', 'requested')`,
           "k.preferred_services->>0",
           "'I would like a ' || (k.preferred_services->>0)",
         ),
         // History: an older time preference the current one corrected, a candidate, a removed email.
         `SELECT bench_uuid('f' || c.g || ':preferred_appointment_times:old'), $1::uuid, c.id,
                 'preferred_appointment_times', ($5::jsonb[])[1 + floor(c.r3 * ${TIMES.length})::int],
                 ($2::text[])[1 + floor(c.r3 * ${TIMES.length})::int], 'customer', bench_uuid('m' || c.g || ':1'),
                 'usually ' || ($2::text[])[1 + floor(c.r3 * ${TIMES.length})::int],
                 c.created, c.created + interval '1 second', 0.8, 'superseded', NULL::uuid,
                 bench_uuid('f' || c.g || ':preferred_appointment_times'), NULL::timestamptz, NULL::jsonb
          FROM bench_contact c JOIN contacts k ON k.id = c.id
          WHERE k.preferred_appointment_times IS NOT NULL AND c.r4 < 0.35`,
         `SELECT bench_uuid('f' || c.g || ':preferred_appointment_times:candidate'), $1::uuid, c.id,
                 'preferred_appointment_times', ($5::jsonb[])[1 + floor(c.r5 * ${TIMES.length})::int],
                 ($2::text[])[1 + floor(c.r5 * ${TIMES.length})::int], 'customer', bench_uuid('m' || c.g || ':1'),
                 'maybe ' || ($2::text[])[1 + floor(c.r5 * ${TIMES.length})::int],
                 c.created + interval '5 minutes', c.created + interval '5 minutes', 0.6, 'candidate',
                 ${noLinks}
          FROM bench_contact c JOIN contacts k ON k.id = c.id
          WHERE k.preferred_appointment_times IS NOT NULL AND c.r6 > 0.9`,
         `SELECT bench_uuid('f' || c.g || ':email:removed'), $1::uuid, c.id, 'email',
                 to_jsonb('old.' || c.g || '@example.com'), 'old.' || c.g || '@example.com', 'customer',
                 bench_uuid('m' || c.g || ':1'), 'old.' || c.g || '@example.com',
                 c.created, c.created + interval '1 second', 0.9, 'removed', NULL::uuid, NULL::uuid,
                 c.created + interval '30 days',
                 jsonb_build_object('kind', 'customer', 'messageId', bench_uuid('m' || c.g || ':1'))
          FROM bench_contact c WHERE c.r11 > 0.96`,
       ].join("\nUNION ALL\n")}`,
      [
        businessId,
        TIMES.map((t) => t[1]),
        STAFF.map((s) => s[0]),
        COMMUNICATION.map((c) => c[1]),
        TIMES.map((t) => JSON.stringify(t[0])),
      ],
    ),
  );
  // Special notes: ~15% of contacts, one or two each, sealed with the FieldCipher (fact, audit, contact).
  const random = seededRandom(SEED);
  const sealed = { g: [] as number[], ids: [] as string[], envelopes: [] as string[], audit: [] as string[] };
  const contactNotes = { ids: [] as string[], envelopes: [] as string[] };
  for (let g = 1; g <= CONTACTS; g++) {
    if (random() >= 0.15) continue;
    const id = contactId(g);
    const count = random() < 0.3 ? 2 : 1;
    const projected: Array<{ category: string; concept: string; text: string }> = [];
    for (let n = 0; n < count; n++) {
      const note = NOTES[Math.floor(random() * NOTES.length)] ?? NOTES[0];
      if (!note || projected.some((p) => p.concept === note.concept)) continue;
      const factId = benchUuid(`f${g}:special_notes:${n}`);
      const value = { category: note.category, concept: note.concept };
      sealed.g.push(g);
      sealed.ids.push(factId);
      sealed.envelopes.push(
        cipher.encrypt(
          JSON.stringify({ value, text: note.text, quote: note.quote }),
          `profile_fact:${factId}`,
        ),
      );
      sealed.audit.push(
        cipher.encrypt(
          JSON.stringify({ before: null, after: note.text, description: `customer added: ${note.text}` }),
          `audit:${factId}`,
        ),
      );
      projected.push({ ...value, text: note.text });
    }
    contactNotes.ids.push(id);
    contactNotes.envelopes.push(cipher.encrypt(JSON.stringify(projected), `contact:${id}:special_notes`));
  }
  await step("special notes (sealed)", async () => {
    await q(
      `INSERT INTO profile_facts (id, business_id, contact_id, field, sealed, source, message_id, said_at,
                                  recorded_at, confidence, status)
       SELECT s.id, $1, bench_uuid('c' || s.g), 'special_notes', s.sealed, 'customer',
              bench_uuid('m' || s.g || ':1'), c.created + interval '3 minutes',
              c.created + interval '3 minutes' + interval '1 second', 0.9, 'current'
       FROM unnest($2::int[], $3::uuid[], $4::text[]) AS s(g, id, sealed) JOIN bench_contact c ON c.g = s.g`,
      [businessId, sealed.g, sealed.ids, sealed.envelopes],
    );
    await q(
      `UPDATE contacts SET special_notes = s.sealed FROM unnest($1::uuid[], $2::text[]) AS s(id, sealed)
       WHERE contacts.id = s.id`,
      [contactNotes.ids, contactNotes.envelopes],
    );
  });

  // The audit trail the merge rules write: one entry per fact, plus the corrections.
  await step("audit log", async () => {
    await q(
      `INSERT INTO audit_log (business_id, actor, action, entity, entity_id, details, at)
       SELECT f.business_id, 'customer',
              CASE WHEN f.supersedes_id IS NOT NULL THEN 'corrected' WHEN f.status = 'candidate' THEN 'candidate'
                   ELSE 'added' END,
              'profile_fact', f.id::text,
              jsonb_build_object('contactId', f.contact_id, 'field', f.field,
                                 'actor', jsonb_build_object('kind', 'customer', 'messageId', f.message_id),
                                 'before', NULL, 'after', f.display_text,
                                 'description', 'customer said ' || f.field || ': ' || f.display_text),
              f.recorded_at
       FROM profile_facts f WHERE f.sealed IS NULL
       UNION ALL
       SELECT f.business_id, 'customer', 'removed', 'profile_fact', f.id::text,
              jsonb_build_object('contactId', f.contact_id, 'field', f.field,
                                 'actor', jsonb_build_object('kind', 'customer', 'messageId', f.message_id),
                                 'before', f.display_text, 'after', NULL,
                                 'description', 'customer removed ' || f.field),
              f.removed_at
       FROM profile_facts f WHERE f.status = 'removed'
       UNION ALL
       SELECT $1::uuid, 'customer', 'added', 'profile_fact', s.id::text,
              jsonb_build_object('contactId', bench_uuid('c' || s.g), 'field', 'special_notes',
                                 'actor', jsonb_build_object('kind', 'customer', 'messageId', bench_uuid('m' || s.g || ':1')),
                                 'sealed', s.audit),
              c.created + interval '3 minutes'
       FROM unnest($2::int[], $3::uuid[], $4::text[]) AS s(g, id, audit) JOIN bench_contact c ON c.g = s.g
       UNION ALL
       SELECT $1::uuid, 'customer', 'profile_disclosed', 'contact', c.id::text,
              jsonb_build_object('contactId', c.id, 'messageId', bench_uuid('m' || c.g || ':1')),
              c.created + interval '10 minutes'
       FROM bench_contact c WHERE c.r2 > 0.97
       ORDER BY 7`,
      [businessId, sealed.g, sealed.ids, sealed.audit],
    );
  });

  await step("consents, declined topics", async () => {
    await q(
      `INSERT INTO consents (business_id, contact_id, kind, granted, wording, message_id, at)
       SELECT $1::uuid, c.id, 'special_category_data', c.r3 < 0.8,
              'May we keep the health information you tell us to prepare your appointments?',
              bench_uuid('m' || c.g || ':1'), c.created + interval '4 minutes'
       FROM bench_contact c WHERE c.g IN (SELECT unnest($2::int[]))
       UNION ALL
       SELECT $1::uuid, c.id, 'marketing', c.r4 < 0.5, 'May we send you offers by WhatsApp?',
              bench_uuid('m' || c.g || ':1'), c.created + interval '6 minutes'
       FROM bench_contact c WHERE c.r7 > 0.92`,
      [businessId, [...new Set(sealed.g)]],
    );
    await q(
      `INSERT INTO declined_topics (business_id, contact_id, topic, message_id, quote, said_at)
       SELECT $1::uuid, c.id, CASE WHEN c.r5 < 0.5 THEN 'email' ELSE 'comfort_needs' END,
              bench_uuid('m' || c.g || ':1'), 'lieber nicht', c.created + interval '5 minutes'
       FROM bench_contact c WHERE c.r8 > 0.95`,
      [businessId],
    );
  });

  // Appointments: lanes of (staff, weekday, hour) over the last three years and the next eight weeks;
  // each lane's regulars come back every m weeks at the same time (m = 4…26), so patterns show.
  await step("appointments", () =>
    q(
      `WITH lane AS (
         SELECT l, l % 6 AS s, (l / 6) % 6 AS d, l / 36 AS h, 4 + (l * 7) % 23 AS m
         FROM generate_series(0, 6 * 6 * 9 - 1) l
       ), slot AS (
         SELECT lane.*, w, 1 + (((w % m) * 324 + l)::bigint * 7919) % $2 AS g
         FROM lane, generate_series(0, 163) w
       ), placed AS (
         SELECT slot.*, st.id AS staff_id, sv.id AS service_id, sv.minutes,
                ((date_trunc('week', now() AT TIME ZONE 'Europe/Zurich') - interval '156 weeks'
                  + (w * 7 + d) * interval '1 day' + (8 + h) * interval '1 hour')
                 AT TIME ZONE 'Europe/Zurich') AS starts_at
         FROM slot
         JOIN staff st ON st.business_id = $1 AND st.key = ($3::text[])[1 + s]
         JOIN services sv ON sv.business_id = $1 AND sv.key = ($4::text[])[1 + s]
       )
       INSERT INTO appointments (business_id, contact_id, staff_id, service_id, starts_at, ends_at, blocked_from,
                                 blocked_until, status, booked_via, created_at)
       SELECT $1::uuid, bench_uuid('c' || p.g), p.staff_id, p.service_id, p.starts_at,
              p.starts_at + p.minutes * interval '1 minute', p.starts_at, p.starts_at + p.minutes * interval '1 minute',
              (CASE WHEN p.starts_at > now() THEN 'booked'
                    WHEN bench_r(p.l * 1000 + p.w, 40) < 0.05 THEN 'no_show'
                    WHEN bench_r(p.l * 1000 + p.w, 40) < 0.12 THEN 'cancelled'
                    WHEN bench_r(p.l * 1000 + p.w, 40) < 0.15 THEN 'late'
                    ELSE 'completed' END)::appointment_status,
              'chat', p.starts_at - interval '9 days'
       FROM placed p`,
      [businessId, CONTACTS, STAFF.map((s) => s[0]), STAFF.map((s) => s[2])],
    ),
  );

  await step("check references", async () => {
    const { rows } = await q(
      `SELECT (SELECT count(*)::int FROM profile_facts f WHERE f.message_id IS NOT NULL
                 AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.id = f.message_id))
            + (SELECT count(*)::int FROM profile_facts f WHERE f.supersedes_id IS NOT NULL
                 AND NOT EXISTS (SELECT 1 FROM profile_facts o WHERE o.id = f.supersedes_id))
            + (SELECT count(*)::int FROM profile_facts f WHERE f.superseded_by_id IS NOT NULL
                 AND NOT EXISTS (SELECT 1 FROM profile_facts o WHERE o.id = f.superseded_by_id))
            + (SELECT count(*)::int FROM profile_facts f
                 WHERE NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = f.contact_id AND c.business_id = f.business_id))
            + (SELECT count(*)::int FROM messages x
                 WHERE NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = x.contact_id AND c.business_id = x.business_id))
            + (SELECT count(*)::int FROM appointments x
                 WHERE NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = x.contact_id AND c.business_id = x.business_id))
            + (SELECT count(*)::int FROM consents x
                 WHERE NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = x.contact_id AND c.business_id = x.business_id))
            + (SELECT count(*)::int FROM declined_topics x
                 WHERE NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = x.contact_id AND c.business_id = x.business_id))
            AS broken`,
    );
    const broken = (rows[0] as { broken: number }).broken;
    if (broken > 0) throw new Error(`seeding left ${broken} rows referring to nothing`);
  });
  await step("analyze", async () => {
    await q("DROP TABLE bench_contact");
    await q("VACUUM ANALYZE");
  });
  const [counts] = (
    await q(`SELECT (SELECT count(*)::int FROM contacts) AS contacts,
                    (SELECT count(*)::int FROM messages) AS messages,
                    (SELECT count(*)::int FROM profile_facts) AS facts,
                    (SELECT count(*)::int FROM profile_facts WHERE sealed IS NOT NULL) AS sealed,
                    (SELECT count(*)::int FROM audit_log) AS audit,
                    (SELECT count(*)::int FROM appointments) AS appointments,
                    (SELECT count(DISTINCT contact_id)::int FROM appointments) AS "contactsWithAppointments",
                    (SELECT count(*)::int FROM consents) AS consents,
                    (SELECT count(*)::int FROM declined_topics) AS declined`)
  ).rows as Array<Record<string, number>>;
  return { steps, counts: counts ?? {} };
}

// ------------------------------------------------------------------------------- the server

/** The child process: the real app on the bench database, as `rapport serve` builds it (worker off). */
async function serve() {
  const databaseUrl = process.env.DATABASE_URL ?? "";
  const env = {
    ...process.env,
    WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
    RAPPORT_WORKER: "off",
    LOG_LEVEL: "warn",
  };
  const config = loadConfig(env);
  const opened = await openPostgresDatabase(databaseUrl);
  const app = createRapport({
    config,
    db: opened.db,
    ingestDb: opened.ingestDb,
    cipher: createFieldCipher(config.encryptionKey ?? ""),
    logger: createLogger("warn"),
  });
  const url = await app.app.listen({ port: 0, host: "127.0.0.1" });
  process.send?.({ url });
  process.on("message", async (message: { cmd: string }) => {
    if (message.cmd === "cpu") {
      process.send?.({ cpu: process.cpuUsage() });
      return;
    }
    await app.close();
    await opened.close();
    process.exit(0);
  });
}

/** The server's CPU time so far (user + system), in ms. */
function serverCpuMs(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (message: { cpu?: NodeJS.CpuUsage }) => {
      if (!message.cpu) return;
      child.off("message", onMessage);
      resolve((message.cpu.user + message.cpu.system) / 1000);
    };
    child.on("message", onMessage);
    child.send({ cmd: "cpu" });
  });
}

function startServer(databaseUrl: string, key: string, token: string) {
  const child = fork(fileURLToPath(import.meta.url), ["--serve", "server"], {
    // Secrets by environment, not on the command line (which `ps` shows).
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      RAPPORT_ENCRYPTION_KEY: key,
      RAPPORT_ADMIN_TOKEN: token,
    },
    execArgv: ["--import", "tsx", ...(args.profile ? ["--cpu-prof", `--cpu-prof-dir=${args.profile}`] : [])],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const ready = new Promise<string>((resolve, reject) => {
    child.once("message", (message) => resolve(String((message as { url: string }).url)));
    child.once("exit", (code) => reject(new Error(`the server exited (${code}) before it was ready`)));
  });
  return { child, ready };
}

async function stopServer(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.send({ cmd: "stop" });
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

// ------------------------------------------------------------------------------- measuring

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function get(
  base: URL,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: base.hostname, port: base.port, path, method: "GET", headers, agent },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end();
  });
}

interface Figures {
  /** The server process's CPU time per request (ms): steadier than latency on a shared machine. */
  cpuMs: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  perSecond: number;
}

/** `paths` requested `concurrency` at a time; every answer must be 200. */
async function measure(
  base: URL,
  paths: string[],
  concurrency: number,
  headers: Record<string, string>,
  server: ChildProcess,
): Promise<Figures> {
  const times = new Float64Array(paths.length);
  let next = 0;
  const cpuBefore = await serverCpuMs(server);
  const started = performance.now();
  const workers = Array.from({ length: concurrency }, async () => {
    while (next < paths.length) {
      const i = next++;
      const t0 = performance.now();
      const { status, body } = await get(base, paths[i] as string, headers);
      times[i] = performance.now() - t0;
      if (status !== 200) throw new Error(`GET ${paths[i]} answered ${status}: ${body.slice(0, 200)}`);
    }
  });
  await Promise.all(workers);
  const elapsed = performance.now() - started;
  const cpuMs = ((await serverCpuMs(server)) - cpuBefore) / paths.length;
  const sorted = Float64Array.from(times).sort();
  return {
    cpuMs,
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    max: sorted[sorted.length - 1] as number,
    perSecond: (paths.length / elapsed) * 1000,
  };
}

function medianFigures(rounds: Figures[]): Figures {
  const m = (key: keyof Figures) => median(rounds.map((r) => r[key]));
  return {
    cpuMs: m("cpuMs"),
    p50: m("p50"),
    p95: m("p95"),
    p99: m("p99"),
    max: m("max"),
    perSecond: m("perSecond"),
  };
}

async function login(base: URL): Promise<string> {
  const body = JSON.stringify(OWNER);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: base.hostname,
        port: base.port,
        path: "/api/login",
        method: "POST",
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        agent,
      },
      (response) => {
        response.resume();
        const cookie = [response.headers["set-cookie"] ?? []].flat()[0]?.split(";")[0];
        if (response.statusCode !== 200 || !cookie)
          reject(new Error(`login answered ${response.statusCode}`));
        else resolve(cookie);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

// ------------------------------------------------------------------------------- main

const withAdmin = <T>(use: (client: pg.Client) => Promise<T>) => withDatabase(ADMIN_URL, use);

/** Migrates, seeds the demo business and the contacts, adds the owner who logs in. */
async function prepare(databaseUrl: string, cipher: FieldCipher) {
  const opened = await openPostgresDatabase(databaseUrl);
  try {
    const practice = await readPracticeFile(DEMO_PRACTICE_FILE);
    const { businessId } = await seedBusiness(opened.db, practice, PHONE_NUMBER_ID);
    // A bulk load of rows consistent by construction: no per-row foreign-key triggers (checked once
    // at the end instead) and no waiting for each commit's flush. Exclusion constraints still apply.
    const pool = new pg.Pool({
      connectionString: databaseUrl,
      max: 2,
      options: "-c session_replication_role=replica -c synchronous_commit=off",
    });
    const t0 = performance.now();
    try {
      const seeded = await seed(pool, businessId, cipher);
      const seedSeconds = (performance.now() - t0) / 1000;
      await new AuthService({ db: opened.db }).addUser({
        businessId,
        email: OWNER.email,
        displayName: "Bench Owner",
        role: "owner",
        password: OWNER.password,
      });
      return { seeded, seedSeconds, counts: seeded.counts };
    } finally {
      await pool.end();
    }
  } finally {
    await opened.close();
  }
}

async function withDatabase<T>(databaseUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

async function main() {
  const name = args.reuse ?? `rapport_bench_api_${process.pid}_${randomBytes(3).toString("hex")}`;
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`not a bench database name: ${name}`);
  const keep = args.keep || args.reuse !== undefined;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  let server: ReturnType<typeof startServer> | null = null;
  let dropped = false;
  const finish = async () => {
    if (server) await stopServer(server.child).catch(() => undefined);
    server = null;
    if (dropped || keep) return;
    dropped = true;
    await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  };
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n${signal}: ${keep ? "stopping" : `dropping ${name}`}\n`);
    finish().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  if (!args.reuse) await withAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  try {
    const token = randomBytes(24).toString("base64url");
    let key: string;
    let contacts = CONTACTS;
    let seedSeconds = 0;
    let seedSteps: Array<[string, number]> = [];
    let counts: Record<string, number> = {};
    if (args.reuse) {
      const meta = await withDatabase(databaseUrl, (client) =>
        client.query("SELECT key, contacts, counts FROM bench_meta"),
      );
      const row = meta.rows[0] as { key: string; contacts: number; counts: Record<string, number> };
      ({ key, contacts, counts } = row);
      log(`bench:api — reusing ${name} (${contacts.toLocaleString("en")} contacts)`);
    } else {
      key = generateKey();
      const prepared = await prepare(databaseUrl, createFieldCipher(key));
      ({ seedSeconds, counts } = prepared);
      seedSteps = prepared.seeded.steps;
      await withDatabase(databaseUrl, (client) =>
        client.query(
          "CREATE TABLE bench_meta AS SELECT $1::text AS key, $2::int AS contacts, $3::jsonb AS counts",
          [key, CONTACTS, JSON.stringify(counts)],
        ),
      );
      log(
        `bench:api — ${name}: seeded in ${seedSeconds.toFixed(1)} s (${seedSteps
          .map(([step, ms]) => `${step} ${(ms / 1000).toFixed(1)}`)
          .join(", ")})\n  ${Object.entries(counts)
          .map(([k, v]) => `${k} ${v.toLocaleString("en")}`)
          .join(", ")}`,
      );
    }

    server = startServer(databaseUrl, key, token);
    const base = new URL(await server.ready);
    const { child } = server;
    const cookie = { cookie: await login(base) };
    const bearer = { authorization: `Bearer ${token}` };

    const random = seededRandom(SEED + 1);
    const contactPaths = (n: number) =>
      Array.from({ length: n }, () => `/api/contacts/${contactId(1 + Math.floor(random() * contacts))}`);
    const searchPaths = (n: number) =>
      Array.from({ length: n }, (_, i) => {
        const kind = i % 4;
        if (kind === 0)
          return `/api/contacts?q=${encodeURIComponent(LAST[Math.floor(random() * LAST.length)] ?? "")}`;
        if (kind === 1)
          return `/api/contacts?q=${encodeURIComponent((FIRST[Math.floor(random() * FIRST.length)] ?? "").toLowerCase())}&limit=20`;
        if (kind === 2)
          return `/api/contacts?phone=${encodeURIComponent(`+4179${String(1 + Math.floor(random() * contacts)).padStart(7, "0")}`)}`;
        return `/api/contacts?q=${1000 + Math.floor(random() * 9000)}%40example`;
      });

    // Warm-up: connections, JIT, the business caches, PostgreSQL's buffers.
    await measure(base, contactPaths(Math.min(300, REQUESTS)), 4, cookie, child);
    await measure(base, searchPaths(20), 2, cookie, child);

    const series = {
      c1: [] as Figures[],
      c10: [] as Figures[],
      bearer: [] as Figures[],
      search: [] as Figures[],
    };
    for (let round = 1; round <= ROUNDS; round++) {
      series.c1.push(await measure(base, contactPaths(REQUESTS), 1, cookie, child));
      series.c10.push(await measure(base, contactPaths(REQUESTS), 10, cookie, child));
      series.bearer.push(await measure(base, contactPaths(REQUESTS), 1, bearer, child));
      series.search.push(
        await measure(base, searchPaths(Math.max(40, Math.floor(REQUESTS / 5))), 1, cookie, child),
      );
      const last = (s: Figures[]) => s[s.length - 1] as Figures;
      log(
        `round ${round}: c1 p95 ${last(series.c1).p95.toFixed(1)} ms | c10 p95 ${last(series.c10).p95.toFixed(1)} ms, ` +
          `${last(series.c10).perSecond.toFixed(0)} req/s | bearer p95 ${last(series.bearer).p95.toFixed(1)} ms | ` +
          `search p95 ${last(series.search).p95.toFixed(1)} ms`,
      );
    }
    const result = {
      contacts,
      requestsPerRound: REQUESTS,
      rounds: ROUNDS,
      seedSeconds,
      seedSteps: Object.fromEntries(seedSteps.map(([step, ms]) => [step, Math.round(ms)])),
      counts,
      contactView: {
        cookieC1: medianFigures(series.c1),
        cookieC10: medianFigures(series.c10),
        bearerC1: medianFigures(series.bearer),
      },
      search: medianFigures(series.search),
      targetP95Ms: TARGET_P95_MS,
    };
    if (args.json) console.log(JSON.stringify(result, null, 2));
    else {
      const f = (n: number) => n.toFixed(1).padStart(7);
      const row = (label: string, r: Figures) =>
        `  ${label.padEnd(34)}${f(r.cpuMs)}${f(r.p50)}${f(r.p95)}${f(r.p99)}${f(r.max)}${r.perSecond.toFixed(0).padStart(8)}`;
      console.log(
        [
          "",
          `medians of ${ROUNDS} rounds, ${REQUESTS} requests each; times in ms, cpu = the server's CPU per request`,
          `  ${"".padEnd(34)}${["cpu", "p50", "p95", "p99", "max"].map((h) => h.padStart(7)).join("")}${"req/s".padStart(8)}`,
          row("GET /api/contacts/:id  cookie  c=1", result.contactView.cookieC1),
          row("GET /api/contacts/:id  cookie  c=10", result.contactView.cookieC10),
          row("GET /api/contacts/:id  bearer  c=1", result.contactView.bearerC1),
          row("GET /api/contacts?q=|phone=    c=1", result.search),
          `  target p95 ≤ ${TARGET_P95_MS} ms (c=1, cookie): ${result.contactView.cookieC1.p95 <= TARGET_P95_MS ? "met" : "MISSED"}`,
        ].join("\n"),
      );
    }
  } finally {
    if (keep) log(`kept database ${name} (measure again with --reuse ${name})`);
    await finish();
  }
}

function log(line: string) {
  process.stderr.write(`${line}\n`);
}

if (args.serve) await serve();
else {
  try {
    await main();
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  }
  agent.destroy();
}
