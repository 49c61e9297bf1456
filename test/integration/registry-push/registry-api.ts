/** Reads back what a push left in a registry, straight through the distribution API (Basic auth). */
export interface RegistryAccess {
  registry: string;
  registryUser: string;
  registryPass: string;
}

const basic = (a: RegistryAccess) =>
  `Basic ${Buffer.from(`${a.registryUser}:${a.registryPass}`).toString('base64')}`;

export async function fetchManifest(
  a: RegistryAccess,
  repository: string,
  reference: string,
  accept: string,
): Promise<{ status: number; body: Buffer; digestHeader: string | null; contentType: string | null }> {
  const res = await fetch(`http://${a.registry}/v2/${repository}/manifests/${reference}`, {
    headers: { authorization: basic(a), accept },
  });
  return {
    status: res.status,
    body: Buffer.from(await res.arrayBuffer()),
    digestHeader: res.headers.get('docker-content-digest'),
    contentType: res.headers.get('content-type'),
  };
}

/** The repository's tags, sorted; null when the registry does not know the repository at all. */
export async function tagList(a: RegistryAccess, repository: string): Promise<string[] | null> {
  const res = await fetch(`http://${a.registry}/v2/${repository}/tags/list`, {
    headers: { authorization: basic(a) },
  });
  if (res.status === 404) return null;
  if (res.status !== 200) throw new Error(`tags/list answered HTTP ${res.status}`);
  const body = (await res.json()) as { tags?: string[] | null };
  return [...(body.tags ?? [])].sort();
}
