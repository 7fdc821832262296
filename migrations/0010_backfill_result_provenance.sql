-- Typed provenance from the JSON measured results already carry (task-report.ts's shape).
-- Existing rows stay current (superseded_at null) and keep created_at as their measurement time.
UPDATE "results" SET
  "task_version" = COALESCE(("provenance"->'task'->>'version')::int, 1),
  "runner_version" = "provenance"->'runner'->>'version',
  "onnxruntime_version" = "provenance"->'runner'->>'onnxruntime',
  "execution_provider" = "provenance"->'runner'->>'executionProvider',
  "precision" = "provenance"->'runner'->'precision'->>'used',
  "artifact_sha256" = "provenance"->'model'->>'sha256',
  "feature_tensor" = "provenance"->'model'->>'featureOutput'
WHERE "source" = 'measured';
