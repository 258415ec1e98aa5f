CREATE TABLE "inbound_inbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "inbound_inbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"business_id" uuid NOT NULL,
	"wa_id" text NOT NULL,
	"phone" text,
	"wamid" text NOT NULL,
	"type" text NOT NULL,
	"body" text,
	"payload" jsonb,
	"sent_at" timestamp with time zone,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" "job_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"available_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"locked_by" text,
	"last_error" text,
	"finished_at" timestamp with time zone,
	"contact_id" uuid,
	"message_id" uuid,
	CONSTRAINT "inbound_inbox_business_wamid" UNIQUE("business_id","wamid")
);
--> statement-breakpoint
CREATE INDEX "inbound_inbox_open_idx" ON "inbound_inbox" USING btree ("id") WHERE "inbound_inbox"."status" IN ('pending', 'running');--> statement-breakpoint
CREATE INDEX "inbound_inbox_sender_open_idx" ON "inbound_inbox" USING btree ("business_id","wa_id","id") WHERE "inbound_inbox"."status" IN ('pending', 'running');--> statement-breakpoint
-- Work queued under the old design moves over, admitted (contact and message exist): nothing is lost,
-- and done rows keep recognising redelivered wamids.
INSERT INTO "inbound_inbox" ("business_id", "wa_id", "phone", "wamid", "type", "received_at", "status", "attempts",
  "available_at", "last_error", "finished_at", "contact_id", "message_id")
SELECT j."business_id", c."wa_id", c."phone", m."wamid", m."type", m."created_at",
  CASE WHEN j."status" = 'running' THEN 'pending'::"job_status" ELSE j."status" END, j."attempts",
  j."available_at", j."last_error", j."finished_at", j."contact_id", j."message_id"
FROM "inbound_jobs" j
JOIN "messages" m ON m."id" = j."message_id"
JOIN "contacts" c ON c."id" = j."contact_id"
WHERE m."wamid" IS NOT NULL
ORDER BY j."id";
