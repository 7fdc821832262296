CREATE TABLE "artifact_refusals" (
	"sha256" text PRIMARY KEY NOT NULL,
	"reason" text NOT NULL,
	"message" text NOT NULL,
	"intake_version" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"hits" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "models" ADD COLUMN "feature_tensor" text;--> statement-breakpoint
ALTER TABLE "models" ADD COLUMN "spatial_tensors" text[];