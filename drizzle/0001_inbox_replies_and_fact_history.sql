CREATE TABLE "unrecognised_webhook_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "unrecognised_webhook_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"phone_number_id" text,
	"reason" text NOT NULL,
	"raw" jsonb,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "in_reply_to_id" uuid;--> statement-breakpoint
ALTER TABLE "profile_facts" ADD COLUMN "superseded_by_id" uuid;--> statement-breakpoint
ALTER TABLE "profile_facts" ADD COLUMN "last_confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "profile_facts" ADD COLUMN "confirmations" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "profile_facts" ADD COLUMN "removed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "profile_facts" ADD COLUMN "removed_by" jsonb;--> statement-breakpoint
CREATE INDEX "unrecognised_webhook_events_received_idx" ON "unrecognised_webhook_events" USING btree ("received_at");--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_in_reply_to_id_messages_id_fk" FOREIGN KEY ("in_reply_to_id") REFERENCES "public"."messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "profile_facts" ADD CONSTRAINT "profile_facts_superseded_by_id_profile_facts_id_fk" FOREIGN KEY ("superseded_by_id") REFERENCES "public"."profile_facts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "messages_in_reply_to_key" ON "messages" USING btree ("in_reply_to_id");