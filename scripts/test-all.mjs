// `npm test`: every check the project promises, in order, stopping at the first failure (unless
// --keep-going), always ending with a summary and the line "tests: N passed, N failed, N skipped".
// Tools are started as `node <their bin file>`, so nothing depends on node_modules/.bin being executable.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout, clearTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = path.join(root, 'test-results');
const keepGoing = process.argv.includes('--keep-going');
const MINUTE = 60_000;

/** Absolute path of a package's bin script, read from its package.json. */
function binOf(pkg, name = pkg.split('/').pop()) {
  const dir = path.join(root, 'node_modules', pkg);
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const rel = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[name];
  if (!rel) throw new Error(`${pkg} has no bin named ${name}`);
  return path.join(dir, rel);
}

/** Runs node with a script, output passed through (or captured), with a time limit. */
function runNode(args, { capture = false, timeoutMs = 10 * MINUTE } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: root,
      stdio: capture ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
    });
    let output = '';
    child.stdout?.on('data', (b) => (output += b));
    child.stderr?.on('data', (b) => (output += b));
    const timer = setTimeout(() => {
      output += `\n[test-all] timed out after ${timeoutMs / 1000} s\n`;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: -1, output: String(e) });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, output });
    });
  });
}

const totals = { passed: 0, failed: 0, skipped: 0 };

async function vitestProject(project, timeoutMs) {
  const report = path.join(resultsDir, `vitest-${project}.json`);
  rmSync(report, { force: true });
  const { code } = await runNode(
    [
      binOf('vitest'),
      'run',
      '--project',
      project,
      '--passWithNoTests',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
    ],
    { timeoutMs },
  );
  if (!existsSync(report)) return { ok: false, note: `no report (vitest exited ${code})` };
  const r = JSON.parse(readFileSync(report, 'utf8'));
  const counts = {
    passed: r.numPassedTests ?? 0,
    failed: r.numFailedTests ?? 0,
    skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0),
  };
  for (const k of Object.keys(totals)) totals[k] += counts[k];
  const failedSuites = (r.testResults ?? []).filter(
    (f) => f.status === 'failed' && !f.assertionResults?.length,
  );
  const note = `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`;
  return { ok: code === 0 && counts.failed === 0 && failedSuites.length === 0, note };
}

/** Findings accepted after review: [{ check, file, reason }], file relative to electron/. */
function acceptedFindings() {
  const file = path.join(root, '.ci', 'electronegativity-accepted.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : [];
}

async function electronSecurityScan() {
  const sarif = path.join(resultsDir, 'electronegativity.sarif');
  rmSync(sarif, { force: true });
  const electronVersion = JSON.parse(
    readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8'),
  ).version;
  // TypeScript sources are parsed natively (.ts/.tsx); -e pins the version so no release list is needed.
  const { code, output } = await runNode(
    [
      binOf('@doyensec/electronegativity'),
      '-i',
      'electron',
      '-r',
      '-v',
      'false',
      '-e',
      electronVersion,
      '-o',
      sarif,
    ],
    { capture: true, timeoutMs: 5 * MINUTE },
  );
  if (!existsSync(sarif)) {
    process.stdout.write(output);
    return { ok: false, note: `scanner produced no report (exit ${code})` };
  }
  const accepted = acceptedFindings();
  const results = JSON.parse(readFileSync(sarif, 'utf8')).runs?.[0]?.results ?? [];
  const findings = results.map((r) => {
    const loc = r.locations?.[0]?.physicalLocation;
    const uri = loc?.artifactLocation?.uri ?? '';
    return {
      check: r.ruleId,
      file: uri === 'file:///' ? '(global)' : uri,
      line: loc?.region?.startLine ?? 0,
      message: r.message?.text ?? '',
    };
  });
  const open = findings.filter((f) => !accepted.some((a) => a.check === f.check && a.file === f.file));
  for (const f of open) console.log(`  FINDING ${f.check} electron/${f.file}:${f.line} ${f.message}`);
  const acceptedCount = findings.length - open.length;
  return {
    ok: open.length === 0,
    note: `${open.length} finding(s)${acceptedCount ? `, ${acceptedCount} accepted in .ci/electronegativity-accepted.json` : ''}`,
  };
}

async function command(args, timeoutMs) {
  const { code } = await runNode(args, { timeoutMs });
  return { ok: code === 0, note: code === 0 ? '' : `exit ${code}` };
}

const steps = [
  ['typecheck', () => command([binOf('typescript', 'tsc'), '--noEmit', '-p', 'tsconfig.json'], 10 * MINUTE)],
  ['lint: eslint', () => command([binOf('eslint'), '.'], 10 * MINUTE)],
  ['lint: prettier', () => command([binOf('prettier'), '--check', '.'], 5 * MINUTE)],
  ['security: electronegativity', electronSecurityScan],
  [
    'build',
    () =>
      existsSync(path.join(root, 'scripts/build.mjs'))
        ? command(['scripts/build.mjs'], 10 * MINUTE)
        : { ok: true, note: 'skipped: scripts/build.mjs does not exist yet' },
  ],
  ['tests: unit', () => vitestProject('unit', 10 * MINUTE)],
  ['tests: integration', () => vitestProject('integration', 20 * MINUTE)],
  ['tests: e2e', () => vitestProject('e2e', 20 * MINUTE)],
];

mkdirSync(resultsDir, { recursive: true });
rmSync(path.join(resultsDir, 'executor.json'), { force: true });
const summary = [];
let failed = false;
for (const [name, run] of steps) {
  if (failed && !keepGoing) {
    summary.push({ name, status: 'not run', note: '', secs: 0 });
    continue;
  }
  console.log(`\n=== ${name} ===`);
  const t0 = Date.now();
  let result;
  try {
    result = await run();
  } catch (err) {
    result = { ok: false, note: String(err) };
  }
  const secs = (Date.now() - t0) / 1000;
  summary.push({ name, status: result.ok ? 'passed' : 'FAILED', note: result.note, secs });
  if (!result.ok) failed = true;
}

const ran = totals.passed + totals.failed;
console.log('\n=== summary ===');
for (const s of summary) {
  const time = s.status === 'not run' ? '' : `${s.secs.toFixed(1)} s`;
  console.log(`  ${s.name.padEnd(30)} ${s.status.padEnd(8)} ${time.padStart(8)}  ${s.note}`);
}
// Which executor the integration and e2e builds ran (written by the harness, test/support/executor-image.ts).
const executorFile = path.join(resultsDir, 'executor.json');
if (existsSync(executorFile)) {
  const e = JSON.parse(readFileSync(executorFile, 'utf8'));
  console.log(`  executor: ${e.image} (Kaniko ${e.version}, built from source ${e.source})`);
} else if (summary.some((s) => s.name === 'tests: integration' && s.status !== 'not run')) {
  console.log('  executor: none ran (the harness did not record one)');
}
if (ran === 0) {
  console.log('  no test ran at all: that counts as a failure');
  failed = true;
}
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exitCode = failed ? 1 : 0;
