CREATE TABLE "throughput_measurements" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"model_id" uuid NOT NULL,
	"job_id" uuid NOT NULL,
	"task_slug" text NOT NULL,
	"device" text NOT NULL,
	"provider" text NOT NULL,
	"precision" text NOT NULL,
	"batch_size" integer NOT NULL,
	"images" integer NOT NULL,
	"seconds" double precision NOT NULL,
	"peak_rss_mib" double precision NOT NULL,
	"peak_gpu_mib" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "throughput_measurements" ADD CONSTRAINT "throughput_measurements_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "throughput_measurements" ADD CONSTRAINT "throughput_measurements_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "throughput_measurements" ADD CONSTRAINT "throughput_measurements_task_slug_tasks_slug_fk" FOREIGN KEY ("task_slug") REFERENCES "public"."tasks"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "throughput_job_task_key" ON "throughput_measurements" USING btree ("job_id","task_slug");--> statement-breakpoint
CREATE INDEX "throughput_model_idx" ON "throughput_measurements" USING btree ("model_id");