import { useId, type ReactNode } from 'react';
import { FieldError } from '../../components/FieldError';
import { CacheFields } from './CacheFields';
import { fieldError, imageNameNote, type BuildForm } from './form-state';

interface Props {
  form: BuildForm;
  fields: Record<string, string> | undefined;
  disabled: boolean;
  onChange(next: BuildForm): void;
  /** The first image name the plan resolved, shown under the Registry field. */
  imageName?: string | undefined;
  /** Opens a native folder chooser, where the host has one. */
  onBrowseContext?: (() => void) | undefined;
}

/** The build request form; each field shows its own error right under it. */
export function BuildFormFields({ form, fields, disabled, onChange, onBrowseContext, imageName }: Props) {
  const id = useId();
  const set = <K extends keyof BuildForm>(key: K, value: BuildForm[K]) => onChange({ ...form, [key]: value });
  const text = (
    name: keyof BuildForm & string,
    label: string,
    placeholder?: string,
    help?: ReactNode,
    action?: ReactNode,
  ) => {
    const err = fieldError(fields, name);
    const input = (
      <input
        id={`${id}-${name}`}
        name={name}
        value={form[name] as string}
        placeholder={placeholder}
        disabled={disabled}
        aria-invalid={err ? true : undefined}
        aria-describedby={`${id}-${name}-error`}
        onChange={(e) => set(name, e.target.value as never)}
      />
    );
    return (
      <div className="build-field">
        <label htmlFor={`${id}-${name}`}>{label}</label>
        {action ? (
          <div className="row">
            {input}
            {action}
          </div>
        ) : (
          input
        )}
        {help && <p className="muted small">{help}</p>}
        <FieldError id={`${id}-${name}-error`} message={err} />
      </div>
    );
  };
  return (
    <fieldset className="build-form" disabled={disabled}>
      <legend className="visually-hidden">Build request</legend>
      {text(
        'contextDir',
        'Context folder',
        'Bundled nginx page (default)',
        'Full path of the folder to build; empty = the bundled page that serves on 8080.',
        onBrowseContext && (
          <button type="button" className="button" onClick={onBrowseContext} disabled={disabled}>
            Browse…
          </button>
        ),
      )}
      {text('dockerfile', 'Dockerfile', 'Dockerfile')}
      {text(
        'registry',
        'Registry',
        form.mode === 'local' ? 'none (localhost)' : 'docker.io',
        <span data-testid="image-name-note">{imageNameNote(form, imageName)}</span>,
      )}
      {text('repository', 'Repository', 'user/kaniko-nginx')}
      {text('tags', 'Tags', 'latest', 'One or more, separated by spaces or commas.')}
      {text('target', 'Target stage', 'last stage')}
      <div className="build-field">
        <span id={`${id}-args-label`}>Build arguments</span>
        {form.buildArgs.map((a, i) => {
          const err = fields?.[`buildArgs.${i}.key`];
          return (
            <div className="build-arg-row" key={i}>
              <input
                aria-label={`Build argument ${i + 1} name`}
                value={a.key}
                aria-invalid={err ? true : undefined}
                aria-describedby={`${id}-arg-${i}-error`}
                onChange={(e) =>
                  set(
                    'buildArgs',
                    form.buildArgs.map((b, j) => (j === i ? { ...b, key: e.target.value } : b)),
                  )
                }
              />
              <input
                aria-label={`Build argument ${i + 1} value`}
                value={a.value}
                onChange={(e) =>
                  set(
                    'buildArgs',
                    form.buildArgs.map((b, j) => (j === i ? { ...b, value: e.target.value } : b)),
                  )
                }
              />
              <button
                type="button"
                className="small"
                aria-label={`Remove build argument ${i + 1}`}
                onClick={() =>
                  set(
                    'buildArgs',
                    form.buildArgs.filter((_, j) => j !== i),
                  )
                }
              >
                Remove
              </button>
              <FieldError id={`${id}-arg-${i}-error`} message={err} />
            </div>
          );
        })}
        <button
          type="button"
          className="small"
          onClick={() => set('buildArgs', [...form.buildArgs, { key: '', value: '' }])}
        >
          Add build argument
        </button>
      </div>
      <div className="build-field" role="radiogroup" aria-label="Where the image goes">
        <label className="toggle">
          <input
            type="radio"
            name="mode"
            checked={form.mode === 'local'}
            onChange={() => set('mode', 'local')}
          />
          Local only (load into Podman, no registry account needed)
        </label>
        <label className="toggle">
          <input
            type="radio"
            name="mode"
            checked={form.mode === 'push'}
            onChange={() => set('mode', 'push')}
          />
          Push to the registry
        </label>
      </div>
      <CacheFields
        form={form}
        fields={fields}
        disabled={disabled}
        onChange={onChange}
        cacheRepoInput={text(
          'cacheRepo',
          'Cache repository',
          imageName ? `${imageName.replace(/:[^/:]*$/, '')}/cache` : '<repository>/cache',
          'Empty = next to the image (<repository>/cache). No tag.',
        )}
      />
      <label className="toggle">
        <input
          type="checkbox"
          checked={form.baseImageLogin}
          onChange={(e) => set('baseImageLogin', e.target.checked)}
        />
        Use my saved logins to pull private base images (Dockerfile steps can read them)
      </label>
    </fieldset>
  );
}
