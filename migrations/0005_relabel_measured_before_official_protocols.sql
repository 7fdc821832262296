-- Custom SQL migration file, put your code below! --
-- Measured results stored before the runner followed the official few-shot code were extracted
-- with the linear preprocessing (shorter side 224 bicubic, centre crop), not the few-shot code's
-- 257x257 bilinear resize: they must not rank with the paper's fewshot-protonet v1. They keep
-- their numbers under an id that says what they are (packages/suite RETIRED_PROTOCOLS).
UPDATE "results" SET "protocol_id" = 'fewshot-protonet-linear-preprocessing'
WHERE "source" = 'measured' AND "protocol_id" = 'fewshot-protonet' AND "protocol_version" = 1;
--> statement-breakpoint
-- Their temperature-scaled ECE fitted T on the validation split, not the paper's 5-fold
-- cross-validation on test: kept under a metric id that does not pass for the paper's.
UPDATE "results" SET "metric" = 'ece_temp_scaled_val'
WHERE "source" = 'measured' AND "metric" = 'ece_temp_scaled';
--> statement-breakpoint
-- Cached leaderboards and results refresh.
INSERT INTO "data_versions" ("key", "version") VALUES ('results', 1)
ON CONFLICT ("key") DO UPDATE SET "version" = "data_versions"."version" + 1, "updated_at" = now();
