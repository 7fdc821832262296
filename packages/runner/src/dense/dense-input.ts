import type { SpatialFeatures } from '../features/spatial';

/** Where a probe reads one split's maps: a spatial features.npy and its layout. */
export type SpatialSource = Pick<SpatialFeatures, 'path' | 'count' | 'rowFloats' | 'maps'>;

/** Bad input to a dense probe: the message says which input and what to do. */
export class DenseInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DenseInputError';
  }
}

export function checkSplitMatchesFeatures(
  role: string,
  images: number,
  features: Pick<SpatialFeatures, 'path' | 'count' | 'maps'>,
  scale: number,
): void {
  if (images === 0) throw new DenseInputError(`the ${role} split has no images`);
  if (features.count !== images) {
    throw new DenseInputError(
      `${features.path}: holds maps of ${features.count} images, but the ${role} split has ${images}; extract the features for this image list`,
    );
  }
  if (!features.maps[scale]) {
    throw new DenseInputError(
      `${features.path}: no spatial scale ${scale} (the cache holds ${features.maps.length}); extract with more scales or pick a coarser one`,
    );
  }
}
