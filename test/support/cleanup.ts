import { socketRequest } from './engine-http';
import { APP_OWNED_LABEL, TEST_CONTAINER_LABEL } from './test-env';

/** Removes (forcefully, with volumes) containers labelled as test or app-owned that tests left behind. */
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
  return removed;
}

/** Removes the app's volumes (the base-image cache) that tests left in the test engine. */
export async function removeAppVolumes(socketPath: string): Promise<number> {
  const filters = encodeURIComponent(JSON.stringify({ label: [`${APP_OWNED_LABEL}=1`] }));
  const r = await socketRequest(socketPath, 'GET', `/volumes?filters=${filters}`);
  if (r.status !== 200) return 0;
  let removed = 0;
  for (const v of (JSON.parse(r.body) as { Volumes?: { Name: string }[] | null }).Volumes ?? []) {
    const d = await socketRequest(socketPath, 'DELETE', `/volumes/${encodeURIComponent(v.Name)}?force=true`);
    if (d.status < 300) removed += 1;
  }
  return removed;
}
