import release from './executor-release.json';

/**
 * The one place that names the Kaniko release the app uses: the image it pulls by default and the Go
 * module scripts/build-executor.mjs builds from source for the tests (both read executor-release.json).
 *
 * It is the last release of GoogleContainerTools/kaniko (archived in 2025). The maintained fork
 * (osscontainertools/kaniko) is the better choice once its source can be fetched through the Go module
 * proxy the tests use: the app's default stays the release the tests really ran.
 */
export const EXECUTOR_RELEASE: Readonly<{
  image: string;
  version: string;
  module: string;
}> = Object.freeze({ image: release.image, version: release.version, module: release.module });

/** `image:version`, the executor image the app pulls when Settings name no other. */
export const DEFAULT_EXECUTOR_IMAGE = `${release.image}:${release.version}`;
