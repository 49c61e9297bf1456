import { dockerfileFromRegistryBase } from '../../test/support/build-contexts';
import { testEnv } from '../../test/support/test-env';
import type { BuildResult } from '../../electron/shared/contract/build';
import type { GauntletCase } from './gauntlet-case';
import { describeResult, gauntletRun, startBuild, type GauntletApp } from './support-b-app';
import { tagProblems, tagState } from './support-b-registry-check';
import { RegistryFaultProxy, type FaultPlan, type RegistryFault } from './support-b-registry-proxy';

const FAULTS: RegistryFault[] = ['stopped', '500', '429'];
const TAGS = ['one', 'two'];
/** Base layer + two COPY layers + config = 4 blob uploads, then one manifest PUT per tag. */
const WRITES = 4 + TAGS.length;
/** Retries are bounded (4 attempts, pauses ≤ 10 s): a push against a dead registry ends well before this. */
const MAX_TIME_TO_ERROR_MS = 45_000;

/**
 * The registry breaks in the middle of a real push (a proxy in front of the harness's registry turns into
 * a stopped registry, a 500 or a 429 with Retry-After after a seeded number of writes, for good or for a
 * couple of requests). A fault that lasts must end the build with a clear error naming the registry, and
 * no tag may point at a half-written image; once the registry is healthy, building again pushes. A fault
 * that passes must be ridden out by the bounded retries.
 */
export const registryTroubleCase: GauntletCase = {
  name: 'registry-trouble-mid-push',
  description:
    'A proxy in front of the real registry stops, answers 500 or 429 (Retry-After) after a seeded number of blob/manifest writes, for good or for 1–2 requests: a clear error within the retry bound (or a push that rides it out), no tag pointing at a half-written image, and a retry that pushes once the registry is healthy.',
  fullRuns: 12,
  reducedRuns: 2,
  run: (ctx) =>
    gauntletRun(ctx, async (t) => {
      const plan: FaultPlan = {
        fault: FAULTS[Math.floor(ctx.random() * FAULTS.length)] as RegistryFault,
        afterWrites: Math.floor(ctx.random() * WRITES),
        requests: ctx.random() < 0.6 ? null : 1 + Math.floor(ctx.random() * 2),
        retryAfterSeconds: 1 + Math.floor(ctx.random() * 2),
      };
      const what = `${plan.fault} after ${plan.afterWrites} write(s), ${plan.requests === null ? 'until healed' : `${plan.requests} request(s)`}`;
      const proxy = new RegistryFaultProxy(testEnv().registry, plan);
      await proxy.start();
      try {
        return await pushThroughFault(t, proxy, plan, what, ctx.seed);
      } finally {
        await proxy.close();
      }
    }),
};

async function pushThroughFault(
  t: GauntletApp,
  proxy: RegistryFaultProxy,
  plan: FaultPlan,
  what: string,
  seed: number,
) {
  const env = testEnv();
  await t.ok('credentials.save', {
    registry: proxy.address,
    username: env.registryUser,
    secret: env.registryPass,
  });
  const repository = `gauntlet/registry-${seed}`;
  const contextDir = t.context({
    Dockerfile: dockerfileFromRegistryBase('COPY a.txt /a.txt', 'COPY b.txt /b.txt'),
    'a.txt': `a ${seed}\n`,
    'b.txt': `b ${seed} ${'x'.repeat(200_000)}\n`,
  });
  const request = {
    contextDir,
    registry: proxy.address,
    repository,
    tags: TAGS,
    mode: 'push' as const,
    baseImageLogin: true,
  };
  const first = await startBuild(t, request);
  const result = await t.finished(first.buildId, 180_000);
  const endedAt = performance.now();
  if (proxy.faultAt === null)
    return { passed: false, detail: `${what}: the fault never fired (${describeResult(result)})` };
  const timeToErrorMs = Math.round(endedAt - proxy.faultAt);

  if (plan.requests !== null) {
    // A registry that recovers by itself: the bounded retries carry the push through.
    const problems = await checkPushed(result, repository);
    return {
      passed: problems.length === 0,
      detail: `${what}: ${describeResult(result)}${problems.length ? `; ${problems.join('; ')}` : ''}`,
    };
  }

  const problems: string[] = [];
  if (result.result !== 'failed') problems.push(`expected a failure, got ${describeResult(result)}`);
  if (!['UNAVAILABLE', 'TIMEOUT'].includes(result.error?.code ?? ''))
    problems.push(`error code ${result.error?.code ?? 'none'}`);
  if (!result.error?.message.includes(proxy.address)) problems.push('the message does not name the registry');
  if (result.pushed.length > 0) problems.push(`reported pushed: ${result.pushed.join(', ')}`);
  if (timeToErrorMs > MAX_TIME_TO_ERROR_MS) problems.push(`error after ${timeToErrorMs} ms`);
  problems.push(...(await tagProblems(repository, TAGS, { pushed: false, digest: null })));
  // A tag written before the fault is complete (checked above); the error must say the registry has it.
  for (const tag of TAGS) {
    const s = await tagState(repository, tag);
    if (s.state === 'complete' && !result.error?.message.includes(`already pushed: ${tag}`))
      problems.push(`tag ${tag} is in the registry, the error does not say so`);
  }

  // Retry: the registry is back, the same request builds and pushes.
  await proxy.heal();
  const again = await startBuild(t, request);
  const retried = await t.finished(again.buildId, 180_000);
  problems.push(...(await checkPushed(retried, repository)).map((p) => `retry: ${p}`));
  return {
    passed: problems.length === 0,
    timeToErrorMs,
    detail: `${what}: ${describeResult(result)} after ${timeToErrorMs} ms; retry ${retried.result}${problems.length ? `; ${problems.join('; ')}` : ''}`,
  };
}

/** A successful push: every tag reported, and every tag in the registry complete at the built digest. */
async function checkPushed(result: BuildResult, repository: string): Promise<string[]> {
  if (result.result !== 'succeeded' || !result.digest)
    return [`expected success, got ${describeResult(result)}`];
  const problems: string[] = [];
  if (result.pushed.length !== TAGS.length)
    problems.push(`pushed ${result.pushed.length} of ${TAGS.length} tags`);
  problems.push(...(await tagProblems(repository, TAGS, { pushed: true, digest: result.digest })));
  return problems;
}
