import type { BuildPlan } from '../../../electron/shared/contract/build';

/** "What runs and why": the executor's security options and each added capability with its reason. */
export function CapabilityTable({ plan }: { plan: BuildPlan }) {
  return (
    <section className="build-caps" aria-labelledby="build-caps-title">
      <h3 id="build-caps-title">What runs and why</h3>
      <p className="muted">
        The executor <code>{plan.executorImage}</code> runs in a throwaway container with{' '}
        <code>no-new-privileges</code>, all capabilities dropped (<code>--cap-drop=ALL</code>) and only these
        added: <strong data-testid="effective-caps">{plan.security.capAdd.join(', ')}</strong>.
      </p>
      <p className="muted" data-testid="build-network">
        Network: {plan.network.summary}
      </p>
      {plan.baseImageCache && (
        <p className="muted" data-testid="build-base-cache">
          Base-image cache: the volume <code>{plan.baseImageCache.volume}</code>, mounted at{' '}
          <code>{plan.baseImageCache.path}</code>. {plan.baseImageCache.summary}
        </p>
      )}
      {plan.cache.mode !== 'off' && (
        <p className="muted" data-testid="build-cache">
          Cache: {plan.cache.summary}
        </p>
      )}
      <table className="build-caps-table">
        <caption className="visually-hidden">Capabilities added to the build container</caption>
        <thead>
          <tr>
            <th scope="col">Capability</th>
            <th scope="col">Purpose</th>
            <th scope="col">Why it is needed</th>
            <th scope="col">Because of</th>
          </tr>
        </thead>
        <tbody>
          {plan.capabilities.map((c) => (
            <tr key={c.name}>
              <th scope="row">
                <code>{c.capability}</code>
              </th>
              <td>{c.purpose}</td>
              <td>{c.justification}</td>
              <td>{c.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {plan.warnings.map((w, i) => (
        <p key={i} className="notice warning" role="note">
          {w.message}
        </p>
      ))}
      <details>
        <summary>Executor arguments</summary>
        <pre className="build-args">{plan.args.join('\n')}</pre>
        {plan.baseImageCache && (
          <>
            <p className="muted">Warmer arguments (before the build):</p>
            <pre className="build-args">{plan.baseImageCache.warmerArgs.join('\n')}</pre>
          </>
        )}
      </details>
    </section>
  );
}
