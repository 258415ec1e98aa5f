ALTER TABLE "contacts" ADD COLUMN "preferred_staff_key" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "completeness" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "last_visit_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "bot_paused_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "bot_paused_by" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "sent_by" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "sentiment" real;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "disabled_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "contacts_business_completeness_idx" ON "contacts" USING btree ("business_id","completeness");--> statement-breakpoint
CREATE INDEX "contacts_business_last_visit_idx" ON "contacts" USING btree ("business_id","last_visit_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "contacts_business_last_inbound_idx" ON "contacts" USING btree ("business_id","last_inbound_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "contacts_business_staff_key_idx" ON "contacts" USING btree ("business_id","preferred_staff_key");--> statement-breakpoint
CREATE INDEX "contacts_preferred_services_idx" ON "contacts" USING gin ("preferred_services");--> statement-breakpoint
CREATE INDEX "contacts_preferred_times_idx" ON "contacts" USING gin ("preferred_appointment_times" jsonb_path_ops);--> statement-breakpoint
CREATE INDEX "contacts_bot_paused_idx" ON "contacts" USING btree ("business_id") WHERE "contacts"."bot_paused_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "sessions_expires_idx" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_completeness_range" CHECK ("contacts"."completeness" BETWEEN 0 AND 100);--> statement-breakpoint
-- Backfill: the new projection columns for contacts written before this migration.
UPDATE "contacts" SET "completeness" = round(100.0 * (
  ("name" IS NOT NULL)::int + ("email" IS NOT NULL)::int + ("preferred_staff_member" IS NOT NULL)::int
  + ("preferred_appointment_times" IS NOT NULL)::int + ("communication_preferences" IS NOT NULL)::int
  + (jsonb_array_length("preferred_services") > 0)::int) / 6);--> statement-breakpoint
UPDATE "contacts" AS c SET "preferred_staff_key" = (
  SELECT CASE WHEN (f."value"->>'none')::boolean THEN 'none' ELSE f."value"->>'staffId' END
  FROM "profile_facts" f
  WHERE f."business_id" = c."business_id" AND f."contact_id" = c."id"
    AND f."field" = 'preferred_staff_member' AND f."status" = 'current'
  ORDER BY f."said_at" DESC LIMIT 1);--> statement-breakpoint
UPDATE "contacts" AS c SET "last_visit_at" = (
  SELECT max(a."starts_at") FROM "appointments" a
  WHERE a."business_id" = c."business_id" AND a."contact_id" = c."id"
    AND a."status" IN ('arrived', 'late', 'completed'));--> statement-breakpoint
UPDATE "users" SET "disabled_at" = now() WHERE "disabled";
