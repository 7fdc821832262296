-- The API used to write the claiming runner's name into provenance.runner, over the runner's own
-- record of itself (version, provider, device, batch). It now writes provenance.runnerName; rows
-- written before keep their name under the new key (the overwritten record cannot be recovered).
UPDATE "results"
SET "provenance" = ("provenance" - 'runner') || jsonb_build_object('runnerName', "provenance"->'runner')
WHERE jsonb_typeof("provenance"->'runner') = 'string';
