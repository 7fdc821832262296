CREATE TABLE "protocol_versions" (
	"protocol_id" text NOT NULL,
	"version" integer NOT NULL,
	"introduced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "protocol_versions_protocol_id_version_pk" PRIMARY KEY("protocol_id","version")
);
--> statement-breakpoint
CREATE TABLE "task_versions" (
	"task_slug" text NOT NULL,
	"version" integer NOT NULL,
	"introduced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "task_versions_task_slug_version_pk" PRIMARY KEY("task_slug","version")
);
--> statement-breakpoint
DROP INDEX "results_identity_key";--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "task_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "runner_version" text;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "runner_commit" text;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "onnxruntime_version" text;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "execution_provider" text;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "precision" text;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "dataset_fingerprint" text;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "artifact_sha256" text;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "feature_tensor" text;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "superseded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "superseded_by" bigint;--> statement-breakpoint
ALTER TABLE "results" ADD CONSTRAINT "results_superseded_by_results_id_fk" FOREIGN KEY ("superseded_by") REFERENCES "public"."results"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "results_current_identity_key" ON "results" USING btree ("model_id","task_slug","metric","source","protocol_id","protocol_version") WHERE "results"."superseded_at" is null;--> statement-breakpoint
CREATE INDEX "results_model_task_idx" ON "results" USING btree ("model_id","task_slug");