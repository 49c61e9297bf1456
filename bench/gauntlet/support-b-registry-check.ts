import { testEnv } from '../../test/support/test-env';

const ACCEPT = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

function basic(): string {
  const env = testEnv();
  return `Basic ${Buffer.from(`${env.registryUser}:${env.registryPass}`).toString('base64')}`;
}

/** What the harness's registry holds under repository:tag: nothing, or a manifest whose blobs all exist. */
export type TagState =
  | { state: 'absent' }
  | { state: 'complete'; digest: string }
  | { state: 'broken'; digest: string | null; why: string };

/** Reads a tag straight from the registry (not through the app or the proxy) and checks every blob it names. */
export async function tagState(repository: string, tag: string): Promise<TagState> {
  const base = `http://${testEnv().registry}/v2/${repository}`;
  const res = await fetch(`${base}/manifests/${tag}`, {
    headers: { authorization: basic(), accept: ACCEPT },
  });
  if (res.status === 404) return { state: 'absent' };
  const digest = res.headers.get('docker-content-digest');
  if (res.status !== 200) return { state: 'broken', digest, why: `manifest HTTP ${res.status}` };
  const manifest = (await res.json()) as { config?: { digest?: string }; layers?: { digest?: string }[] };
  const blobs = [manifest.config?.digest, ...(manifest.layers ?? []).map((l) => l.digest)];
  for (const b of blobs) {
    if (!b) return { state: 'broken', digest, why: 'a manifest entry has no digest' };
    const head = await fetch(`${base}/blobs/${b}`, { method: 'HEAD', headers: { authorization: basic() } });
    if (head.status !== 200) return { state: 'broken', digest, why: `blob ${b} HTTP ${head.status}` };
  }
  return digest ? { state: 'complete', digest } : { state: 'broken', digest, why: 'no digest header' };
}

/** Problems with the tags after a push: missing-but-reported, broken, or pointing at another digest. */
export async function tagProblems(
  repository: string,
  tags: string[],
  expect: { pushed: boolean; digest: string | null },
): Promise<string[]> {
  const problems: string[] = [];
  for (const tag of tags) {
    const s = await tagState(repository, tag);
    if (s.state === 'broken') problems.push(`tag ${tag} is broken (${s.why})`);
    else if (s.state === 'absent' && expect.pushed) problems.push(`tag ${tag} reported pushed but absent`);
    else if (s.state === 'complete' && expect.digest && s.digest !== expect.digest) {
      problems.push(`tag ${tag} is ${s.digest}, the build reported ${expect.digest}`);
    }
  }
  return problems;
}
