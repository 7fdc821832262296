import type { ArtifactConfig } from './config';
import { FsArtifactStore } from './fs-store';
import { S3ArtifactStore } from './s3-store';
import type { ArtifactStore } from './store';

export function createArtifactStore(config: ArtifactConfig['store']): ArtifactStore {
  return config.kind === 's3' ? new S3ArtifactStore(config) : new FsArtifactStore(config.dir);
}
