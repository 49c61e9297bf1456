// `npm start`: the desktop app where Electron's binary is available, otherwise browser mode (one line says why).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

function electronBinary() {
  if (process.env.KANIKO_DESKTOP_BROWSER === '1') return null;
  // Resolving the package may try to download the binary; do it in a child so its noise stays out of the way.
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  const path = probe.status === 0 ? probe.stdout.trim() : '';
  return path && existsSync(path) ? path : null;
}

const args = process.argv.slice(2);
const electron = electronBinary();
const child = electron
  ? spawn(electron, ['.', ...args], { stdio: 'inherit' })
  : (console.log(
      'Electron binary not available (offline or unsupported machine): starting browser mode instead.',
    ),
    spawn(process.execPath, ['dist/electron/serve.js', '--open', ...args], { stdio: 'inherit' }));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
