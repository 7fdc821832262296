CREATE TYPE "public"."task_outcome_kind" AS ENUM('FAILED', 'MISSING_DATA', 'NOT_RUN');--> statement-breakpoint
CREATE TABLE "job_task_outcomes" (
	"job_id" uuid NOT NULL,
	"task_slug" text NOT NULL,
	"kind" "task_outcome_kind" NOT NULL,
	"reason" text NOT NULL,
	"attempt" integer NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "job_task_outcomes_job_id_task_slug_pk" PRIMARY KEY("job_id","task_slug")
);
--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "progress_mark" double precision;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "progressed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "releases" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "job_task_outcomes" ADD CONSTRAINT "job_task_outcomes_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_task_outcomes" ADD CONSTRAINT "job_task_outcomes_task_slug_tasks_slug_fk" FOREIGN KEY ("task_slug") REFERENCES "public"."tasks"("slug") ON DELETE no action ON UPDATE no action;