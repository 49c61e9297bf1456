import { describe, expect, it } from 'vitest';
import {
  analyzeDockerfile,
  parseDockerfile,
  requiredCapabilities,
} from '../../../electron/services/build/logic/dockerfile-analysis';

const NGINX = `FROM nginx:alpine
COPY index.html /usr/share/nginx/html/
COPY nginx.conf /etc/nginx/conf.d/default.conf
EXPOSE 8080
`;

describe('parseDockerfile', () => {
  it('joins continuations, drops comments (also inside continuations) and keeps start lines', () => {
    const src = [
      '# a comment',
      'FROM debian:bookworm AS base',
      '',
      'RUN apt-get update && \\',
      '    # comment inside a continuation',
      '',
      '    apt-get install -y curl \\',
      '    && rm -rf /var/lib/apt/lists/*',
      'env A=1',
    ].join('\n');
    const { instructions } = parseDockerfile(src);
    expect(instructions.map((i) => [i.keyword, i.line])).toEqual([
      ['FROM', 2],
      ['RUN', 4],
      ['ENV', 9],
    ]);
    expect(instructions[1]?.args).toBe(
      'apt-get update &&     apt-get install -y curl     && rm -rf /var/lib/apt/lists/*',
    );
    expect(instructions[2]?.text).toBe('ENV A=1');
  });

  it('reads parser directives only at the top and honours escape=`', () => {
    const src = [
      '# syntax=docker/dockerfile:1',
      '# escape=`',
      'FROM x',
      'RUN echo a `',
      '  b',
      '# escape=\\',
    ].join('\n');
    const parsed = parseDockerfile(src);
    expect(parsed.directives).toEqual({ syntax: 'docker/dockerfile:1', escape: '`' });
    expect(parsed.escapeChar).toBe('`');
    expect(parsed.instructions.map((i) => i.text)).toEqual(['FROM x', 'RUN echo a   b']);
  });

  it('does not treat a directive after a comment as a directive', () => {
    const parsed = parseDockerfile('# hello\n# escape=`\nFROM x\n');
    expect(parsed.directives).toEqual({});
    expect(parsed.escapeChar).toBe('\\');
  });

  it('skips here-document bodies so they are not read as instructions', () => {
    const src = [
      'FROM alpine',
      'RUN <<EOF',
      'USER nobody',
      'RUN whoami',
      'EOF',
      'COPY <<-"END" /x',
      '\tFROM y',
      '\tEND',
      'EXPOSE 1',
    ].join('\n');
    expect(parseDockerfile(src).instructions.map((i) => i.keyword)).toEqual([
      'FROM',
      'RUN',
      'COPY',
      'EXPOSE',
    ]);
  });

  it('handles CRLF and a BOM', () => {
    expect(parseDockerfile('\uFEFFFROM a\r\nCOPY . /app\r\n').instructions.map((i) => i.text)).toEqual([
      'FROM a',
      'COPY . /app',
    ]);
  });
});

describe('analyzeDockerfile', () => {
  it('counts the instructions kaniko echoes (everything but FROM and global ARGs)', () => {
    const a = analyzeDockerfile(`ARG V=1\n${NGINX}`);
    expect(a.instructionCount).toBe(3);
    expect(a.baseImages).toEqual(['nginx:alpine']);
  });

  it('lists stages with names, platforms and base images, and counts up to the target', () => {
    const src = [
      'FROM --platform=linux/amd64 golang:1.22 AS Build',
      'WORKDIR /src',
      'COPY . .',
      'RUN go build -o /app',
      'FROM build AS test',
      'RUN go test ./...',
      'FROM gcr.io/distroless/static',
      'COPY --from=build /app /app',
    ].join('\n');
    const a = analyzeDockerfile(src);
    expect(a.stages.map((s) => [s.index, s.name, s.baseImage, s.platform, s.instructions.length])).toEqual([
      [0, 'build', 'golang:1.22', 'linux/amd64', 3],
      [1, 'test', 'build', null, 1],
      [2, null, 'gcr.io/distroless/static', null, 1],
    ]);
    expect(a.instructionCount).toBe(5);
    expect(analyzeDockerfile(src, 'BUILD').instructionCount).toBe(3);
    expect(analyzeDockerfile(src, 'test').instructionCount).toBe(4);
  });
});

describe('requiredCapabilities', () => {
  it('gives exactly the base three for a COPY-only Dockerfile, with the README wording', () => {
    const plan = requiredCapabilities(parseDockerfile(NGINX).instructions);
    expect(plan.capabilities).toEqual(['CHOWN', 'FOWNER', 'DAC_OVERRIDE']);
    expect(plan.table.map((r) => [r.capability, r.purpose, r.justification])).toEqual([
      ['CAP_CHOWN', 'Change file owner/group', 'Preserve ownership when extracting base image layers'],
      [
        'CAP_FOWNER',
        'Bypass permission checks based on file ownership',
        'Modify files regardless of who owns them',
      ],
      [
        'CAP_DAC_OVERRIDE',
        'Bypass read/write/execute permission checks',
        'Access files with restrictive permissions in layers',
      ],
    ]);
    expect(plan.warnings).toEqual([]);
  });

  it('adds SETUID, SETGID, KILL and FSETID for RUN, and SETFCAP only where a step installs packages', () => {
    const plan = requiredCapabilities(
      parseDockerfile('FROM debian\nCOPY a /a\nRUN apt-get update\nRUN apt-get install -y iputils-ping\n')
        .instructions,
    );
    expect(plan.capabilities).toEqual([
      'CHOWN',
      'FOWNER',
      'DAC_OVERRIDE',
      'SETUID',
      'SETGID',
      'KILL',
      'FSETID',
      'SETFCAP',
    ]);
    const kill = plan.table.find((r) => r.name === 'KILL');
    expect(kill?.reason).toContain('RUN apt-get update (line 3)');
    expect(plan.table.find((r) => r.name === 'SETFCAP')?.reason).toContain('line 4');
    expect(plan.table.find((r) => r.name === 'SETFCAP')?.justification).toMatch(/setcap/);
    const plain = requiredCapabilities(parseDockerfile('FROM debian\nRUN echo hi\n').instructions);
    expect(plain.capabilities).not.toContain('SETFCAP');
    expect(plan.warnings.map((w) => w.code)).toEqual(['no-new-privileges']);
  });

  it('explains SETUID/SETGID with USER followed by RUN', () => {
    const src = 'FROM alpine\nUSER nginx\nCOPY x /x\nRUN id\n';
    const row = requiredCapabilities(parseDockerfile(src).instructions).table.find(
      (r) => r.name === 'SETUID',
    );
    expect(row?.reason).toBe('USER nginx (line 2) then RUN id (line 4)');
  });

  it('does not carry a USER across stages', () => {
    const src = 'FROM a AS one\nUSER bob\nFROM b\nRUN id\n';
    const row = requiredCapabilities(parseDockerfile(src).instructions).table.find(
      (r) => r.name === 'SETUID',
    );
    expect(row?.reason).not.toContain('USER');
  });

  it('warns about setuid programs under no-new-privileges', () => {
    const src =
      'FROM alpine\nRUN sudo apk add x\nRUN echo sudoku && ping -c1 localhost\nRUN apk add su-exec\n';
    const warnings = requiredCapabilities(parseDockerfile(src).instructions).warnings;
    expect(
      warnings
        .filter((w) => w.code === 'setuid-binary')
        .map((w) => [w.line, w.message.match(/'(\w+)'/)?.[1]]),
    ).toEqual([
      [2, 'sudo'],
      [3, 'ping'],
    ]);
  });

  it('USER without RUN needs nothing more', () => {
    const plan = requiredCapabilities(parseDockerfile('FROM a\nUSER 1000\nCOPY x /x\n').instructions);
    expect(plan.capabilities).toHaveLength(3);
  });
});

describe('parseDockerfile on what dockerfile-ast reads for us', () => {
  const MULTI = [
    '# escape=`',
    'ARG BASE=alpine:3.20',
    'ARG GO=1.23',
    'FROM --platform=linux/amd64 golang:${GO} AS Build',
    'RUN go build `',
    '    # a comment inside the continuation',
    '    -o /out/app .',
    'RUN <<EOF',
    'FROM not-a-stage',
    'USER nobody',
    'EOF',
    'FROM ${BASE}',
    'COPY --from=build --chown=1000:1000 --chmod=755 /out/app /usr/local/bin/app',
    'CMD ["app", "--port", "8080"]',
    'ENTRYPOINT exec app',
    '',
  ].join('\n');

  it('keeps ARGs before the first FROM out of every stage', () => {
    const a = analyzeDockerfile(MULTI);
    expect(a.instructions.slice(0, 2).map((i) => i.text)).toEqual(['ARG BASE=alpine:3.20', 'ARG GO=1.23']);
    expect(a.stages.map((s) => [s.index, s.name, s.baseImage, s.platform])).toEqual([
      [0, 'build', 'golang:${GO}', 'linux/amd64'],
      [1, null, '${BASE}', null],
    ]);
    expect(a.instructionCount).toBe(5);
  });

  it('joins a backtick continuation and skips the comment inside it', () => {
    const run = parseDockerfile(MULTI).instructions.find((i) => i.line === 5);
    expect(run?.text).toBe('RUN go build     -o /out/app .');
  });

  it('keeps a here-document body as the RUN content, never as instructions', () => {
    const { instructions } = parseDockerfile(MULTI);
    const heredoc = instructions.find((i) => i.line === 8);
    expect(heredoc?.args).toBe('<<EOF\nFROM not-a-stage\nUSER nobody\nEOF');
    expect(instructions.filter((i) => i.keyword === 'FROM')).toHaveLength(2);
    expect(instructions.some((i) => i.keyword === 'USER')).toBe(false);
  });

  it('reads COPY --from, --chown and --chmod as flags and echoes them as kaniko does', () => {
    const copy = parseDockerfile(MULTI).instructions.find((i) => i.keyword === 'COPY');
    expect(copy?.flags).toEqual({ from: 'build', chown: '1000:1000', chmod: '755' });
    expect(copy?.args).toBe('/out/app /usr/local/bin/app');
    expect(copy?.text).toBe('COPY --from=build --chown=1000:1000 --chmod=755 /out/app /usr/local/bin/app');
  });

  it('keeps JSON and shell forms as written', () => {
    const { instructions } = parseDockerfile(MULTI);
    expect(instructions.find((i) => i.keyword === 'CMD')?.args).toBe('["app", "--port", "8080"]');
    expect(instructions.find((i) => i.keyword === 'ENTRYPOINT')?.args).toBe('exec app');
  });

  it('derives RUN capabilities from a RUN inside a stage, not from a here-document body', () => {
    const plan = requiredCapabilities(parseDockerfile(MULTI).instructions);
    expect(plan.capabilities).toEqual(
      expect.arrayContaining(['CHOWN', 'FOWNER', 'DAC_OVERRIDE', 'SETUID', 'SETGID', 'KILL']),
    );
    const userReason = plan.table.find((r) => r.name === 'SETUID')?.reason ?? '';
    expect(userReason).not.toMatch(/USER/); // the USER line lives in the heredoc body
  });
});
