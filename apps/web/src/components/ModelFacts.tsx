import type { ModelQuery } from '../lib/gql/graphql';
import {
  familyLabel,
  featureSourceLabel,
  formatGflops,
  formatMiB,
  formatParameters,
  formatRate,
} from '../lib/cost-format';

type Model = NonNullable<ModelQuery['model']>;

/**
 * What a model is (architecture family, input, patch size, the features the runner reads) and
 * what it costs (parameters and GFLOPs from its graph; throughput and memory where a runner
 * measured it, per device and precision).
 */
export function ModelFacts({
  anatomy,
  cost,
  costs,
}: {
  anatomy: Model['anatomy'];
  cost: Model['cost'];
  costs: Model['costs'];
}) {
  return (
    <section aria-labelledby="facts">
      <h2 id="facts">What it is and what it costs</h2>
      <dl className="facts" data-testid="model-facts">
        <dt>Architecture family</dt>
        <dd data-field="family">
          {familyLabel(anatomy.family)}
          {anatomy.familyReason ? (
            <span className="muted">
              {' '}
              (
              {anatomy.familySource === 'paper'
                ? ''
                : `${anatomy.familySource === 'metadata' ? 'declared' : 'inferred'}: `}
              {anatomy.familyReason})
            </span>
          ) : null}
        </dd>
        <dt>Input</dt>
        <dd data-field="input">
          {anatomy.inputSize}×{anatomy.inputSize}
          {anatomy.inputShape ? <span className="muted"> (declared {anatomy.inputShape})</span> : null}
        </dd>
        {anatomy.patchSize ? (
          <>
            <dt>Patch size</dt>
            <dd data-field="patch">
              {anatomy.patchSize}×{anatomy.patchSize}
            </dd>
          </>
        ) : null}
        <dt>Feature tensor</dt>
        <dd data-field="features">
          {anatomy.featureSource === 'paper' ? (
            `${anatomy.featureReason ?? featureSourceLabel('paper')}${anatomy.featureDimension ? ` (${anatomy.featureDimension}-d)` : ''}`
          ) : (
            <>
              {anatomy.featureTensor ? <code>{anatomy.featureTensor}</code> : '—'}
              {anatomy.featureDimension ? ` (${anatomy.featureDimension}-d)` : ''}:{' '}
              {featureSourceLabel(anatomy.featureSource)}
              {anatomy.featureReason ? <span className="muted"> — {anatomy.featureReason}</span> : null}
            </>
          )}
        </dd>
        {anatomy.spatialTensors.length ? (
          <>
            <dt>Spatial maps</dt>
            <dd data-field="spatial">
              {anatomy.spatialTensors.map((t) => (
                <code key={t}>{t} </code>
              ))}
            </dd>
          </>
        ) : null}
        <dt>Parameters</dt>
        <dd data-field="parameters" title={cost.parameters !== null ? cost.parameters.toLocaleString('en') : undefined}>
          {formatParameters(cost.parameters)}
        </dd>
        <dt>GFLOPs per image</dt>
        <dd data-field="gflops" title={cost.definition}>
          {formatGflops(cost.gflopsPerImage)}
          {cost.gflopsUnknown && cost.gflopsPerImage === null ? (
            <span className="muted"> ({cost.gflopsUnknown})</span>
          ) : null}
        </dd>
        <dt>Throughput</dt>
        <dd data-field="throughput">
          {cost.imagesPerSecond !== null
            ? `${formatRate(cost.imagesPerSecond)} img/s on ${cost.device} (${cost.precision?.toLowerCase()}, batch ${cost.batchSize}, decode and forward), peak memory ${formatMiB(cost.peakMemoryMiB)}${cost.peakGpuMemoryMiB !== null ? `, GPU ${formatMiB(cost.peakGpuMemoryMiB)}` : ''}`
            : 'not measured yet (a runner times it while it extracts features)'}
        </dd>
      </dl>
      {costs.length > 1 ? (
        <table className="plain" data-testid="costs">
          <caption>Measured on {costs.length} devices and precisions (compare throughput only on the same one)</caption>
          <thead>
            <tr>
              <th scope="col" className="left">
                Device
              </th>
              <th scope="col">Precision</th>
              <th scope="col">Batch</th>
              <th scope="col">img/s</th>
              <th scope="col">Peak memory</th>
              <th scope="col">Images timed</th>
            </tr>
          </thead>
          <tbody>
            {costs.map((c) => (
              <tr key={`${c.device}-${c.precision}-${c.batchSize}`}>
                <td className="left">{c.device}</td>
                <td>{c.precision?.toLowerCase()}</td>
                <td>{c.batchSize}</td>
                <td>{formatRate(c.imagesPerSecond)}</td>
                <td>{formatMiB(c.peakMemoryMiB)}</td>
                <td>{c.imagesMeasured}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
