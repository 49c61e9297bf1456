import type {
  LayerComparison,
  ReproducibilityReport,
} from '../../../electron/shared/contract/reproducibility';
import { describeDifference, shortDigest } from './format';

/** Files shown per differing layer before "N more". */
const FILES_SHOWN = 10;

/** The compact diff of two rebuilds: verdict, layers side by side, and the files of layers that differ. */
export function ComparisonView({ report }: { report: ReproducibilityReport }) {
  const differing = report.layers.filter((l) => !l.same);
  return (
    <div className="comparison" data-testid="comparison">
      <p className={`comparison-verdict ${report.reproducible ? 'same' : 'different'}`}>
        {report.reproducible ? (
          <>
            <strong>Reproducible:</strong> both rebuilds are <code>{report.digestA}</code>
          </>
        ) : (
          <>
            <strong>Not reproducible:</strong> the rebuilds are <code>{shortDigest(report.digestA)}</code> and{' '}
            <code>{shortDigest(report.digestB)}</code>
            {differing.length > 0 && ` (${differing.length} of ${report.layers.length} layers differ)`}
          </>
        )}
        <span className="muted small"> · checked {new Date(report.checkedAt).toLocaleString()}</span>
      </p>
      {report.configDifferences.length > 0 && (
        <p className="small">
          Image config differs in: <code>{report.configDifferences.join(', ')}</code>
        </p>
      )}
      <table className="build-caps-table comparison-layers" aria-label="Layers of the two rebuilds">
        <thead>
          <tr>
            <th scope="col">Layer</th>
            <th scope="col">Rebuild 1</th>
            <th scope="col">Rebuild 2</th>
            <th scope="col">Result</th>
          </tr>
        </thead>
        <tbody>
          {report.layers.map((l) => (
            <tr key={l.index} className={l.same ? undefined : 'differs'}>
              <td>{l.index + 1}</td>
              <td>
                <code className="small">{shortDigest(l.digestA)}</code>
              </td>
              <td>
                <code className="small">{shortDigest(l.digestB)}</code>
              </td>
              <td>{l.same ? 'same' : 'different'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {differing.map((l) => (
        <LayerFiles key={l.index} layer={l} />
      ))}
    </div>
  );
}

function LayerFiles({ layer }: { layer: LayerComparison }) {
  const shown = layer.files.slice(0, FILES_SHOWN);
  const more = layer.files.length - shown.length + layer.moreFiles;
  return (
    <section className="comparison-files" aria-label={`Files that differ in layer ${layer.index + 1}`}>
      <h4>Layer {layer.index + 1}: files that differ</h4>
      {shown.length === 0 ? (
        <p className="muted small">No file differs (the layers differ in their tar headers or order).</p>
      ) : (
        <ul>
          {shown.map((f) => (
            <li key={f.path}>
              <code>/{f.path}</code>{' '}
              <span className="comparison-attrs">
                {f.change === 'changed' ? f.differences.join(', ') : f.change}
              </span>
              <div className="muted small">{describeDifference(f)}</div>
            </li>
          ))}
        </ul>
      )}
      {more > 0 && <p className="muted small">{more} more</p>}
    </section>
  );
}
