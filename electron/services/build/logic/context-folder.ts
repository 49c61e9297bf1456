import path from 'node:path';

/**
 * Folders that must never be a build context: every file in the context goes into the build container
 * (and, for a Kubernetes export, into a ConfigMap the page receives), so the file system root, the home
 * folder, folders containing it, system folders and folders of keys would hand over far more than a project.
 */

const POSIX_SYSTEM = [
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/lib',
  '/lib32',
  '/lib64',
  '/libx32',
  '/opt',
  '/proc',
  '/root',
  '/run',
  '/sbin',
  '/srv',
  '/sys',
  '/usr',
  '/var',
  '/tmp',
  '/private',
  '/System',
  '/Library',
  '/Applications',
  '/Volumes',
  '/cores',
];
/** Inside these, nothing is a project. */
const POSIX_SYSTEM_TREES = ['/boot', '/dev', '/etc', '/proc', '/run', '/sys', '/var/run', '/System'];
const WINDOWS_SYSTEM = ['c:\\windows', 'c:\\program files', 'c:\\program files (x86)', 'c:\\programdata'];
/** Under the home folder: keys and credentials, never a context. */
const SECRET_HOME_FOLDERS = [
  '.ssh',
  '.gnupg',
  '.aws',
  '.kube',
  '.docker',
  '.config',
  '.azure',
  '.password-store',
];

function isInside(root: string, candidate: string, p: typeof path.posix): boolean {
  const rel = p.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !p.isAbsolute(rel));
}

/**
 * Why this (absolute, symlink-resolved) folder cannot be a build context, or null when it can.
 * `home` is the user's home folder, also resolved.
 */
export function contextFolderProblem(
  dir: string,
  home: string,
  platform: NodeJS.Platform = process.platform,
): string | null {
  const p = platform === 'win32' ? path.win32 : path.posix;
  const norm = (x: string) =>
    (platform === 'win32' ? p.normalize(x).toLowerCase() : p.normalize(x)).replace(/(.)[\\/]+$/, '$1');
  const d = norm(dir);
  const h = norm(home);
  if (d === p.parse(d).root) return 'That is the whole file system; choose the folder of one project.';
  if (d === h) return 'That is your home folder itself; choose the folder of one project inside it.';
  if (isInside(d, h, p)) return 'That folder contains your home folder; choose the folder of one project.';
  for (const secret of SECRET_HOME_FOLDERS) {
    if (isInside(norm(p.join(h, secret)), d, p))
      return `That folder holds keys or credentials (~/${secret}); choose a project folder.`;
  }
  const systemMessage = 'That is a system folder; choose the folder of one project.';
  if (platform === 'win32') {
    return WINDOWS_SYSTEM.some((s) => isInside(s, d, p)) ? systemMessage : null;
  }
  if (POSIX_SYSTEM.includes(d) || POSIX_SYSTEM_TREES.some((s) => isInside(s, d, p))) return systemMessage;
  return null;
}
