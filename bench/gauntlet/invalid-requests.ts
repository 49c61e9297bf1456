import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { testEnv } from '../../test/support/test-env';
import type { Envelope } from '../../electron/shared/contract';
import type { GauntletCase, RunContext } from './gauntlet-case';
import { gauntletRun, type GauntletApp } from './support-b-app';
import { containersCreatedSince, engineSnapshot, newSince } from './support-leftovers';
import { generators } from './support-b-invalid-requests';

/** 4 full runs of 250 = the 1,000 requests; the reduced set sends one run's worth. */
const PER_RUN = 250;

/**
 * Requests generated from the seed across the contract (build destinations, tags, registries, paths,
 * build args, targets, preview images and ports, machine names and sizes, credentials, settings,
 * Kubernetes exports), each with one field broken, sent through the app's dispatcher. Every one must be
 * refused naming that field, and nothing may change: no container created (engine before/after and its
 * create events), no task, no history entry, the same settings and saved credentials.
 */
export const invalidRequestsCase: GauntletCase = {
  name: 'invalid-requests',
  description: `${PER_RUN} generated invalid requests per run (4 runs = 1,000) across build, preview, machine, credentials, settings and Kubernetes requests: each refused with a field error naming the broken field; 0 containers created, no task, no history entry, settings and credentials unchanged.`,
  fullRuns: 4,
  reducedRuns: 1,
  run: (ctx) => gauntletRun(ctx, (t) => sendInvalid(t, ctx)),
};

async function sendInvalid(t: GauntletApp, ctx: RunContext) {
  const contextDir = t.context({
    Dockerfile: `FROM ${testEnv().registryBaseImage} AS base\nCOPY a.txt /a.txt\n`,
    'a.txt': 'a\n',
    '.dockerignore': 'secret\n',
  });
  const emptyDir = path.join(contextDir, '..', 'empty');
  mkdirSync(emptyDir);
  const gens = generators({ contextDir, emptyDir, registry: testEnv().registry });

  const settings = await t.ok('settings.get', {});
  const credentials = await t.ok('credentials.list', {});
  const before = await engineSnapshot();
  const since = Date.now();
  const started = performance.now();

  const problems: string[] = [];
  const codes = new Map<string, number>();
  let slowest = 0;
  for (let i = 0; i < PER_RUN; i++) {
    const gen = gens[Math.floor(ctx.random() * gens.length)] as (typeof gens)[number];
    const req = gen(ctx.random);
    const sent = performance.now();
    const answer: Envelope = await t.call(req.method, req.params as never);
    slowest = Math.max(slowest, performance.now() - sent);
    const wrong = refusalProblem(answer, req.field);
    if (!answer.ok) codes.set(answer.error.code, (codes.get(answer.error.code) ?? 0) + 1);
    if (wrong) problems.push(`${req.method} ${req.what}: ${wrong}`);
  }
  const elapsed = Math.round(performance.now() - started);

  const created = await containersCreatedSince(since);
  const left = newSince(before, await engineSnapshot());
  if (created.length > 0)
    problems.push(`${created.length} container(s) created: ${created.slice(0, 3).join(', ')}`);
  const tasks = await t.ok<unknown[]>('tasks.list', {});
  if (tasks.length > 0) problems.push(`${tasks.length} task(s) started`);
  const history = await t.ok<unknown[]>('history.list', {});
  if (history.length > 0) problems.push(`${history.length} history entr(ies) written`);
  if (JSON.stringify(await t.ok('settings.get', {})) !== JSON.stringify(settings))
    problems.push('settings changed');
  if (JSON.stringify(await t.ok('credentials.list', {})) !== JSON.stringify(credentials))
    problems.push('saved credentials changed');

  const byCode = [...codes].map(([c, n]) => `${n} ${c}`).join(', ');
  return {
    passed: problems.length === 0,
    leftBehind: left,
    // The slowest refusal: how long a form waits for its field errors.
    timeToErrorMs: Math.round(slowest),
    detail: `${PER_RUN} requests in ${elapsed} ms (${byCode}); ${created.length} containers created${problems.length ? `; ${problems.length} problem(s): ${problems.slice(0, 8).join(' | ')}` : ''}`,
  };
}

/**
 * Why an answer is not the refusal wanted, or null: it must fail with a field error (VALIDATION, or the
 * contract's BAD_REQUEST for a value of the wrong shape) whose `fields` names the broken field.
 */
function refusalProblem(answer: Envelope, field: string | string[]): string | null {
  if (answer.ok) return 'accepted';
  const { code, fields, message } = answer.error;
  if (code !== 'VALIDATION' && code !== 'BAD_REQUEST') return `${code}: ${message.slice(0, 120)}`;
  const keys = Object.keys(fields ?? {});
  const wanted = typeof field === 'string' ? [field] : field;
  if (keys.some((k) => wanted.some((f) => k === f || k.startsWith(`${f}.`)))) return null;
  return `${code} with fields [${keys.join(', ')}], not ${wanted.join(' or ')}: ${message.slice(0, 120)}`;
}
