import { parseDockerfile, type Instruction } from './dockerfile-parse';
import type { PlannedStage } from './kaniko-stages';

export { parseDockerfile, type Instruction, type ParsedDockerfile } from './dockerfile-parse';

/**
 * What a Dockerfile implies for the build: its stages, how many steps kaniko will echo (for the
 * progress bar), and which Linux capabilities the executor container needs beyond `--cap-drop=ALL`.
 */

export interface Stage {
  index: number;
  /** Lower-cased `AS name`, or null. */
  name: string | null;
  /** The image after FROM (unexpanded: may contain ${ARG}). */
  baseImage: string;
  platform: string | null;
  /** Instructions after FROM in this stage (what kaniko echoes one by one). */
  instructions: Instruction[];
}

export type Capability =
  'CHOWN' | 'FOWNER' | 'DAC_OVERRIDE' | 'SETUID' | 'SETGID' | 'KILL' | 'FSETID' | 'SETFCAP';

export interface CapabilityRow {
  /** Podman/Docker spelling for --cap-add / HostConfig.CapAdd. */
  name: Capability;
  /** Kernel spelling, as in the README's table: CAP_CHOWN. */
  capability: `CAP_${Capability}`;
  purpose: string;
  justification: string;
  /** Which instruction needs it (or why it is always there). */
  reason: string;
}

export interface CapabilityWarning {
  code: 'setuid-binary' | 'no-new-privileges';
  message: string;
  line: number | null;
}

export interface CapabilityPlan {
  /** Effective --cap-add set, base three first. */
  capabilities: Capability[];
  table: CapabilityRow[];
  warnings: CapabilityWarning[];
}

export interface DockerfileAnalysis {
  instructions: Instruction[];
  stages: Stage[];
  /** Steps kaniko echoes for the whole file (or up to `target`): the progress bar's denominator. */
  instructionCount: number;
  /** FROM images in order (stage references like `builder` included as written). */
  baseImages: string[];
}

const BASE: Capability[] = ['CHOWN', 'FOWNER', 'DAC_OVERRIDE'];

const CAPABILITY_TEXT: Record<Capability, { purpose: string; justification: string }> = {
  CHOWN: {
    purpose: 'Change file owner/group',
    justification: 'Preserve ownership when extracting base image layers',
  },
  FOWNER: {
    purpose: 'Bypass permission checks based on file ownership',
    justification: 'Modify files regardless of who owns them',
  },
  DAC_OVERRIDE: {
    purpose: 'Bypass read/write/execute permission checks',
    justification: 'Access files with restrictive permissions in layers',
  },
  SETUID: {
    purpose: 'Switch user IDs',
    justification: 'Run a RUN step as the USER it names; package managers (apt) drop to their own user',
  },
  SETGID: {
    purpose: 'Switch group IDs and supplementary groups',
    justification: 'Pairs with SETUID: the RUN step gets the group of its USER',
  },
  KILL: {
    purpose: 'Send signals to processes of other users',
    justification: "Kaniko ends each RUN step's process group, which may belong to the USER it switched to",
  },
  FSETID: {
    purpose: 'Keep setuid/setgid bits when files change',
    justification:
      'Without it the kernel silently clears set-id bits that RUN steps (chmod g+s, installs) set',
  },
  SETFCAP: {
    purpose: 'Set file capabilities',
    justification:
      'Packages installed by RUN (iputils-ping, libcap tools) call setcap, and layers carrying ' +
      'file capabilities are rewritten in snapshots; writing security.capability needs it',
  },
};

const SETUID_BINARIES = [
  'sudo',
  'su',
  'ping',
  'passwd',
  'newgrp',
  'gpasswd',
  'chsh',
  'chfn',
  'mount',
  'umount',
  'pkexec',
  'doas',
];
/** RUN steps that may write file capabilities: setcap itself, or a package manager installing. */
const FILE_CAPABILITY_RE =
  /(?:^|[\s;&|(`])(?:setcap|apt-get\s+(?:-\S+\s+)*install|apt\s+(?:-\S+\s+)*install|apk\s+(?:-\S+\s+)*add|dnf|yum|microdnf|zypper|dpkg\s+-i|rpm\s+-[iU])(?=$|[\s;&|)])/;

const SETUID_RE = new RegExp(`(?:^|[\\s;&|(\`])(${SETUID_BINARIES.join('|')})(?=$|[\\s;&|)])`);

/** Splits into stages at each FROM; ARGs before the first FROM are global and belong to none. */
export function splitStages(instructions: Instruction[]): Stage[] {
  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.from) {
      stages.push({
        index: stages.length,
        name: ins.from.name,
        baseImage: ins.from.image,
        platform: ins.from.platform,
        instructions: [],
      });
    } else {
      stages.at(-1)?.instructions.push(ins);
    }
  }
  return stages;
}

/** Index of the stage `target` names (by name, case-insensitive), or -1. */
export function findStage(stages: Stage[], target: string): number {
  const wanted = target.trim().toLowerCase();
  return stages.findIndex((s) => s.name === wanted);
}

/** How many stages kaniko builds: all of them, or up to and including the target. */
export function builtStageCount(analysis: Pick<DockerfileAnalysis, 'stages'>, target: string | null): number {
  const last = target ? findStage(analysis.stages, target) : -1;
  return last >= 0 ? last + 1 : analysis.stages.length;
}

/** The stages kaniko will build, as the log parser's stage model wants them. */
export function plannedStages(
  analysis: Pick<DockerfileAnalysis, 'stages'>,
  target: string | null,
): PlannedStage[] {
  return analysis.stages.slice(0, builtStageCount(analysis, target)).map((st) => ({
    index: st.index,
    name: st.name,
    base: st.baseImage,
    stepCount: st.instructions.length,
  }));
}

export function analyzeDockerfile(source: string, target?: string | null): DockerfileAnalysis {
  const { instructions } = parseDockerfile(source);
  const stages = splitStages(instructions);
  // Kaniko builds every stage up to the target (it does not skip unused ones by default).
  const built = stages.slice(0, builtStageCount({ stages }, target ?? null));
  return {
    instructions,
    stages,
    instructionCount: built.reduce((n, s) => n + s.instructions.length, 0),
    baseImages: stages.map((s) => s.baseImage),
  };
}

function row(name: Capability, reason: string): CapabilityRow {
  return { name, capability: `CAP_${name}`, ...CAPABILITY_TEXT[name], reason };
}

const where = (ins: Instruction) =>
  `${ins.text.length > 60 ? `${ins.text.slice(0, 57)}...` : ins.text} (line ${ins.line})`;

/**
 * The capabilities the executor needs for these instructions. COPY/ADD-only files get exactly the
 * base three (unpacking layers, preserving ownership); any RUN adds what executing a process needs.
 */
export function requiredCapabilities(instructions: Instruction[]): CapabilityPlan {
  const table: CapabilityRow[] = BASE.map((c) =>
    row(c, 'Always: unpacking the base image and COPY/ADD preserve owners and modes'),
  );
  const warnings: CapabilityWarning[] = [];
  const runs = instructions.filter((i) => i.keyword === 'RUN');
  const firstRun = runs[0];
  if (firstRun) {
    // USER then RUN is the clearest reason for SETUID/SETGID; otherwise any RUN may switch users.
    const userRun = findRunAfterUser(instructions);
    const idReason = userRun
      ? `${where(userRun.user)} then ${where(userRun.run)}`
      : `${where(firstRun)}: processes may change user (e.g. apt's _apt)`;
    table.push(row('SETUID', idReason), row('SETGID', idReason));
    table.push(row('KILL', `${where(firstRun)}: kaniko cleans up the step's processes`));
    table.push(row('FSETID', `${where(firstRun)}: keeps set-id bits written by the step`));
    // Measured: a plain RUN does not need SETFCAP; writing file capabilities does (package installs
    // that call setcap). A base image whose layers carry them needs it too: that shows only at unpack
    // time, and the failure says so.
    const fcapRun = runs.find((r) => FILE_CAPABILITY_RE.test(r.args));
    if (fcapRun) table.push(row('SETFCAP', `${where(fcapRun)}: installs may set file capabilities`));
    warnings.push({
      code: 'no-new-privileges',
      message:
        'The build runs with no-new-privileges: setuid programs (sudo, su, ping) in RUN steps do not gain ' +
        'privileges and fail. RUN steps already run as root unless USER says otherwise.',
      line: null,
    });
    for (const run of runs) {
      const m = SETUID_RE.exec(run.args);
      if (m) {
        warnings.push({
          code: 'setuid-binary',
          message: `${where(run)} calls '${m[1]}', a setuid program that fails under no-new-privileges.`,
          line: run.line,
        });
      }
    }
  }
  return { capabilities: table.map((r) => r.name), table, warnings };
}

/** First RUN that follows a USER in the same stage (the USER resets at each FROM). */
function findRunAfterUser(instructions: Instruction[]): { user: Instruction; run: Instruction } | null {
  let user: Instruction | null = null;
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') user = null;
    else if (ins.keyword === 'USER') user = ins;
    else if (ins.keyword === 'RUN' && user) return { user, run: ins };
  }
  return null;
}
