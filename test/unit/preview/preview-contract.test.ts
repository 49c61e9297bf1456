import type Docker from 'dockerode';
import { describe, expect, test } from 'vitest';
import { LABEL, previewLabels, toPreviewInfo } from '../../../electron/services/preview/preview-labels';
import { PreviewRunParams, readPortConflict } from '../../../electron/shared/contract/preview';

describe('preview contract', () => {
  test('run params default to 8080 and no replace', () => {
    expect(PreviewRunParams.parse({ image: 'x' })).toMatchObject({ hostPort: 8080, replace: false });
    expect(PreviewRunParams.safeParse({ image: 'x', hostPort: 70000 }).success).toBe(false);
  });

  test('readPortConflict reads holder and suggested port, ignores other errors', () => {
    expect(
      readPortConflict({
        code: 'CONFLICT',
        message: 'busy',
        fields: { hostPort: 'x', portHolder: 'process', suggestedPort: '8081' },
      }),
    ).toEqual({ holder: 'process', suggestedPort: 8081 });
    expect(
      readPortConflict({
        code: 'CONFLICT',
        message: 'busy',
        fields: { portHolder: 'preview', holderContainerId: 'abc', holderImage: 'localhost/a:1' },
      }),
    ).toEqual({ holder: 'preview', containerId: 'abc', image: 'localhost/a:1' });
    expect(readPortConflict({ code: 'TIMEOUT', message: 'x' })).toBeNull();
  });
});

describe('toPreviewInfo', () => {
  const base = {
    Id: 'abc123',
    Names: ['/kd-preview-9000-aa'],
    Image: 'sha256:1',
    ImageID: 'sha256:1',
    Command: '',
    Created: 1_700_000_000,
    Status: 'Up 2 seconds',
    Labels: previewLabels('localhost/a:1', 9000, 8080, 'f00d'),
    HostConfig: { NetworkMode: 'bridge' },
    NetworkSettings: { Networks: {} },
    Mounts: [],
  };

  test('a running preview gets its URL from the published port', () => {
    const info = toPreviewInfo(
      {
        ...base,
        State: 'running',
        Ports: [{ IP: '127.0.0.1', PrivatePort: 8080, PublicPort: 9000, Type: 'tcp' }],
      } as Docker.ContainerInfo,
      true,
    );
    expect(info).toMatchObject({
      name: 'kd-preview-9000-aa',
      image: 'localhost/a:1',
      hostPort: 9000,
      containerPort: 8080,
      url: 'http://localhost:9000/',
      pinned: true,
      createdAt: 1_700_000_000_000,
    });
  });

  test('an exited preview has no URL', () => {
    const info = toPreviewInfo({ ...base, State: 'exited', Ports: [] } as Docker.ContainerInfo, false);
    expect(info.url).toBeNull();
    expect(info.hostPort).toBeNull();
    expect(base.Labels[LABEL.kind]).toBe('preview');
  });
});
