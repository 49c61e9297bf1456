import { socketRequest } from './engine-http';
import { APP_OWNED_LABEL, TEST_CONTAINER_LABEL } from './test-env';

/**
 * Removes (forcefully, with volumes) containers labelled as test or app-owned that tests left behind,
 * then the named volumes with those labels (the layer cache registry's storage).
 */
export async function removeLabelledContainers(socketPath: string): Promise<number> {
  let removed = 0;
  for (const label of [`${TEST_CONTAINER_LABEL}=1`, `${APP_OWNED_LABEL}=1`]) {
    const filters = encodeURIComponent(JSON.stringify({ label: [label] }));
    const r = await socketRequest(socketPath, 'GET', `/containers/json?all=true&filters=${filters}`);
    if (r.status !== 200) continue;
    for (const c of JSON.parse(r.body) as { Id: string }[]) {
      const d = await socketRequest(socketPath, 'DELETE', `/containers/${c.Id}?force=true&v=true`);
      if (d.status < 300) removed += 1;
    }
  }
  await removeLabelledVolumes(socketPath);
  return removed;
}

/** Removes named volumes labelled as test or app-owned; returns how many went. */
export async function removeLabelledVolumes(socketPath: string): Promise<number> {
  let removed = 0;
  for (const label of [`${TEST_CONTAINER_LABEL}=1`, `${APP_OWNED_LABEL}=1`]) {
    const filters = encodeURIComponent(JSON.stringify({ label: [label] }));
    const r = await socketRequest(socketPath, 'GET', `/volumes?filters=${filters}`);
    if (r.status !== 200) continue;
    const body = JSON.parse(r.body) as { Volumes?: { Name: string }[] | null };
    for (const v of body.Volumes ?? []) {
      const d = await socketRequest(
        socketPath,
        'DELETE',
        `/volumes/${encodeURIComponent(v.Name)}?force=true`,
      );
      if (d.status < 300) removed += 1;
    }
  }
  return removed;
}
