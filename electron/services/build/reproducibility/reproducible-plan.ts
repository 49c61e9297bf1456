import type { PlannedBuild } from '../runner/build-plan';
import { OCI_LAYOUT_DIR } from '../runner/container-files';

/**
 * The build as planned, made into a rebuild to compare: Kaniko gets `--reproducible` (timestamps
 * zeroed, so equal inputs give equal digests) and writes the image as an OCI layout that the app reads
 * back, for a local build and a push build alike; nothing is pushed or loaded into Podman. Every other
 * argument stays as the build had it.
 */
export function reproduciblePlan(planned: PlannedBuild): PlannedBuild {
  const args = planned.plan.args.filter(
    (a) => !a.startsWith('--tar-path=') && !a.startsWith('--oci-layout-path=') && a !== '--reproducible',
  );
  if (!args.includes('--no-push')) args.push('--no-push');
  args.push(`--oci-layout-path=${OCI_LAYOUT_DIR}`, '--reproducible');
  // 'local': no push login is checked or needed (the destination only names the image).
  return { ...planned, plan: { ...planned.plan, mode: 'local', args } };
}
