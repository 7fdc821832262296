CREATE TYPE "public"."job_kind" AS ENUM('SUBMISSION', 'REEVALUATION');--> statement-breakpoint
DROP INDEX "jobs_status_created_idx";--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "kind" "job_kind" DEFAULT 'SUBMISSION' NOT NULL;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "task_slugs" text[];--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "priority" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "reason" text;--> statement-breakpoint
CREATE INDEX "jobs_status_priority_created_idx" ON "jobs" USING btree ("status","priority" DESC NULLS LAST,"created_at");