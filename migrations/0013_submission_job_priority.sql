-- Custom SQL migration file, put your code below! --
-- Jobs queued before priorities existed are submissions' own: they keep their place ahead of re-evaluations.
UPDATE "jobs" SET "priority" = 100 WHERE "kind" = 'SUBMISSION';
