import type { ReactNode } from 'react';
import { FieldError } from '../../components/FieldError';
import { cacheRegistryOf, fieldError, type BuildForm } from './form-state';

interface Props {
  form: BuildForm;
  fields: Record<string, string> | undefined;
  disabled: boolean;
  onChange(next: BuildForm): void;
  /** The Cache repository text field, made by the form like its other text fields. */
  cacheRepoInput: ReactNode;
}

/**
 * The layer cache: on or off; for push builds, where it lives. By default in the app's own cache registry
 * on this computer (no login enters the build container); next to the image only when the user lets the
 * build container use the login for that registry, which every Dockerfile step could then read.
 */
export function CacheFields({ form, fields, disabled, onChange, cacheRepoInput }: Props) {
  const set = <K extends keyof BuildForm>(key: K, value: BuildForm[K]) => onChange({ ...form, [key]: value });
  const registry = cacheRegistryOf(form);
  const push = form.mode === 'push';
  const toggle = (name: 'cache' | 'cacheLogin', label: ReactNode) => (
    <label className="toggle">
      <input
        type="checkbox"
        name={name}
        checked={form[name]}
        disabled={disabled}
        onChange={(e) => set(name, e.target.checked)}
      />
      {label}
    </label>
  );
  return (
    <div className="build-field">
      {toggle(
        'cache',
        <>Cache (unchanged RUN steps come from Kaniko&apos;s layer cache instead of running again)</>,
      )}
      <FieldError id="build-cache-error" message={fieldError(fields, 'cache')} />
      {form.cache &&
        push &&
        toggle(
          'cacheLogin',
          <>
            Keep the cache in {registry}: let the build container use your login for {registry} to read and
            write the cache (Dockerfile steps can read it)
          </>,
        )}
      {form.cache && push && form.cacheLogin && cacheRepoInput}
      {form.cache && !(push && form.cacheLogin) && (
        <p className="muted small" data-testid="cache-note">
          The cache lives in the app&apos;s cache registry on this computer (started with the first build that
          uses it, listed on the Previews page); no login enters the build container.
          {!push &&
            ' When nothing the image depends on has changed since a build whose image Podman still holds, that image is used again and Kaniko does not run.'}
        </p>
      )}
    </div>
  );
}
