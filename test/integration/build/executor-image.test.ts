import type Docker from 'dockerode';
import { beforeAll, describe, expect, test } from 'vitest';
import { ensureExecutorImage } from '../../../electron/services/build/executor-image';
import { createDockerClient } from '../../../electron/services/engine/engine-client';
import { AppError } from '../../../electron/shared/errors';
import { testEnv } from '../../support/test-env';

let docker: Docker;

function recorder() {
  const lines: string[] = [];
  const steps: (string | null | undefined)[] = [];
  return {
    lines,
    steps,
    report: {
      log: (...l: string[]) => lines.push(...l),
      progress: (_f: number | null, step?: string | null) => steps.push(step),
    },
  };
}

beforeAll(() => {
  docker = createDockerClient(testEnv().podmanSocket);
});

describe('executor image against real Podman', () => {
  test('an image already in storage is used as it is, without pulling', async () => {
    const rec = recorder();
    expect(await ensureExecutorImage(docker, testEnv().baseImage, rec.report)).toBe('present');
    expect(rec.lines).toEqual([]);
    expect(rec.steps).toEqual([]);
  });

  test('a pull the registry refuses fails as UNAVAILABLE with the executor hint', async () => {
    const image = `${testEnv().registry}/kd-missing-executor:none`;
    const rec = recorder();
    const err = (await ensureExecutorImage(docker, image, rec.report).catch((e: unknown) => e)) as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('UNAVAILABLE');
    expect(err.message).toContain(`The executor image ${image} is not available and could not be pulled: `);
    expect(err.hint).toBe('Set another executor image in Settings, or load it with podman load.');
    expect(rec.lines[0]).toBe(`Executor image ${image} is not in Podman's storage; pulling it.`);
    expect(rec.steps).toContain(`Pulling executor image ${image}`);
    // Podman reports the refusal as an `{error}` line in a 200 stream: it must still fail the pull.
    expect(rec.lines).toContainEqual(expect.stringMatching(/^error: .*unauthorized/));
    expect(err.message).toMatch(/unauthorized/);
    expect(
      await docker
        .getImage(image)
        .inspect()
        .catch(() => null),
    ).toBeNull();
  });

  test('a pull cancelled before it starts is CANCELLED', async () => {
    const controller = new AbortController();
    controller.abort();
    const image = `${testEnv().registry}/kd-missing-executor:cancelled`;
    const err = (await ensureExecutorImage(docker, image, recorder().report, controller.signal).catch(
      (e: unknown) => e,
    )) as AppError;
    expect(err.code).toBe('CANCELLED');
  });
});
