CREATE TYPE "public"."job_status" AS ENUM('QUEUED', 'LEASED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED');--> statement-breakpoint
CREATE TYPE "public"."model_source" AS ENUM('paper', 'submission');--> statement-breakpoint
CREATE TYPE "public"."result_source" AS ENUM('reported', 'measured');--> statement-breakpoint
CREATE TYPE "public"."submission_status" AS ENUM('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED');--> statement-breakpoint
CREATE TYPE "public"."task_category" AS ENUM('linear', 'few_shot', 'detection', 'dense', 'finetune');--> statement-breakpoint
CREATE TYPE "public"."token_role" AS ENUM('submitter', 'runner', 'admin');--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"role" "token_role" NOT NULL,
	"token_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "artifacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sha256" text NOT NULL,
	"size" bigint NOT NULL,
	"storage_key" text NOT NULL,
	"inspection" jsonb,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"submission_id" uuid NOT NULL,
	"suite_slug" text NOT NULL,
	"status" "job_status" DEFAULT 'QUEUED' NOT NULL,
	"attempt" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 3 NOT NULL,
	"fencing_token" bigint DEFAULT 0 NOT NULL,
	"lease_expires_at" timestamp with time zone,
	"runner_name" text,
	"progress" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "models" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"source" "model_source" NOT NULL,
	"family" text,
	"architecture" text,
	"description" text,
	"imagenet_top1" double precision,
	"normalization" text DEFAULT 'imagenet' NOT NULL,
	"checkpoint_url" text,
	"checkpoint_notes" text,
	"paper_url" text,
	"code_url" text,
	"license" text,
	"onnx_sha256" text,
	"properties" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "results" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"model_id" uuid NOT NULL,
	"task_slug" text NOT NULL,
	"metric" text NOT NULL,
	"value" double precision NOT NULL,
	"ci_low" double precision,
	"ci_high" double precision,
	"source" "result_source" NOT NULL,
	"protocol_id" text NOT NULL,
	"protocol_version" integer NOT NULL,
	"provenance" jsonb NOT NULL,
	"job_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "status_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"submission_id" uuid NOT NULL,
	"job_id" uuid,
	"status" text NOT NULL,
	"reason" text,
	"attempt" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "submissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" uuid NOT NULL,
	"artifact_id" uuid NOT NULL,
	"suite_slug" text NOT NULL,
	"submitted_by" uuid,
	"status" "submission_status" DEFAULT 'QUEUED' NOT NULL,
	"failure_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "suite_tasks" (
	"suite_slug" text NOT NULL,
	"task_slug" text NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "suite_tasks_suite_slug_task_slug_pk" PRIMARY KEY("suite_slug","task_slug")
);
--> statement-breakpoint
CREATE TABLE "suites" (
	"slug" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"version" integer NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"slug" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"category" "task_category" NOT NULL,
	"dataset" text NOT NULL,
	"num_classes" integer NOT NULL,
	"primary_metric" text NOT NULL,
	"higher_is_better" integer NOT NULL,
	"secondary_metrics" jsonb NOT NULL,
	"protocol" jsonb,
	"paper_protocol" jsonb NOT NULL,
	"version" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "artifacts" ADD CONSTRAINT "artifacts_uploaded_by_api_tokens_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."api_tokens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "results" ADD CONSTRAINT "results_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "results" ADD CONSTRAINT "results_task_slug_tasks_slug_fk" FOREIGN KEY ("task_slug") REFERENCES "public"."tasks"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_events" ADD CONSTRAINT "status_events_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_artifact_id_artifacts_id_fk" FOREIGN KEY ("artifact_id") REFERENCES "public"."artifacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_suite_slug_suites_slug_fk" FOREIGN KEY ("suite_slug") REFERENCES "public"."suites"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_submitted_by_api_tokens_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."api_tokens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suite_tasks" ADD CONSTRAINT "suite_tasks_suite_slug_suites_slug_fk" FOREIGN KEY ("suite_slug") REFERENCES "public"."suites"("slug") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suite_tasks" ADD CONSTRAINT "suite_tasks_task_slug_tasks_slug_fk" FOREIGN KEY ("task_slug") REFERENCES "public"."tasks"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_hash_key" ON "api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "artifacts_sha256_key" ON "artifacts" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "jobs_status_created_idx" ON "jobs" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "jobs_lease_idx" ON "jobs" USING btree ("lease_expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "models_slug_key" ON "models" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "models_name_idx" ON "models" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "results_identity_key" ON "results" USING btree ("model_id","task_slug","metric","source","protocol_id","protocol_version");--> statement-breakpoint
CREATE INDEX "results_task_metric_idx" ON "results" USING btree ("task_slug","metric");--> statement-breakpoint
CREATE INDEX "status_events_submission_idx" ON "status_events" USING btree ("submission_id","at");--> statement-breakpoint
CREATE INDEX "submissions_status_idx" ON "submissions" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "submissions_artifact_suite_key" ON "submissions" USING btree ("artifact_id","suite_slug");