DROP INDEX "submissions_artifact_suite_key";--> statement-breakpoint
CREATE INDEX "artifact_uploads_token_idx" ON "artifact_uploads" USING btree ("token_id");--> statement-breakpoint
CREATE UNIQUE INDEX "submissions_artifact_suite_live_key" ON "submissions" USING btree ("artifact_id","suite_slug") WHERE "submissions"."status" in ('QUEUED', 'RUNNING', 'SUCCEEDED');--> statement-breakpoint
CREATE INDEX "submissions_artifact_idx" ON "submissions" USING btree ("artifact_id");