import { useEffect, useId, useState, type FormEvent } from 'react';
import type { MachineCreateDefaults, MachineInitParams } from '../../../electron/shared/contract/machine';
import { useApi } from '../../api/hooks';
import { FieldError } from '../../components/FieldError';
import type { ActionError } from './use-machine-actions';

interface Props {
  busy: boolean;
  error: ActionError | null;
  onCreate(params: MachineInitParams): void;
}

interface FormState {
  name: string;
  cpus: string;
  memoryMiB: string;
  diskGiB: string;
  imagePath: string;
  timezone: string;
}

/** Name, CPUs, memory and disk, prefilled with the original workflow's machine clamped to this host. */
export function CreateMachineForm({ busy, error, onCreate }: Props) {
  const client = useApi();
  const id = useId();
  const [defaults, setDefaults] = useState<MachineCreateDefaults | null>(null);
  const [form, setForm] = useState<FormState | null>(null);

  useEffect(() => {
    let live = true;
    void client.call('machine.createDefaults', {}).then((d) => {
      if (!live) return;
      setDefaults(d);
      setForm({
        name: d.name,
        cpus: String(d.cpus),
        memoryMiB: String(d.memoryMiB),
        diskGiB: String(d.diskGiB),
        imagePath: '',
        timezone: '',
      });
    });
    return () => {
      live = false;
    };
  }, [client]);

  if (!defaults || !form) return <p aria-live="polite">Reading this computer's resources…</p>;

  const fields = error?.fields ?? {};
  const set = (key: keyof FormState) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onCreate({
      name: form.name.trim(),
      cpus: Number(form.cpus),
      memoryMiB: Number(form.memoryMiB),
      diskGiB: Number(form.diskGiB),
      ...(form.imagePath.trim() ? { imagePath: form.imagePath.trim() } : {}),
      ...(form.timezone.trim() ? { timezone: form.timezone.trim() } : {}),
    });
  };
  const numberField = (
    key: 'cpus' | 'memoryMiB' | 'diskGiB',
    label: string,
    min: number,
    max: number,
    step = 1,
  ) => (
    <>
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <div>
        <input
          id={`${id}-${key}`}
          type="number"
          min={min}
          max={max}
          step={step}
          required
          value={form[key]}
          aria-describedby={`${id}-${key}-error`}
          aria-invalid={fields[key] ? true : undefined}
          onChange={set(key)}
        />
        <FieldError id={`${id}-${key}-error`} message={fields[key]} />
      </div>
    </>
  );

  return (
    <section aria-labelledby={`${id}-title`} className="machine-create">
      <h2 id={`${id}-title`}>Create a machine</h2>
      <p>Rootless by default: containers run as your user inside the VM.</p>
      {defaults.notes.length > 0 && (
        <div className="notice info" role="note" aria-label="Defaults adjusted to this computer">
          <ul>
            {defaults.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </div>
      )}
      <form className="form-grid" aria-label="Create a machine" onSubmit={submit}>
        <label htmlFor={`${id}-name`}>Name</label>
        <div>
          <input
            id={`${id}-name`}
            type="text"
            required
            spellCheck={false}
            value={form.name}
            aria-describedby={`${id}-name-error`}
            aria-invalid={fields.name ? true : undefined}
            onChange={set('name')}
          />
          <FieldError id={`${id}-name-error`} message={fields.name} />
        </div>
        {numberField('cpus', 'CPUs', 1, defaults.limits.cpus)}
        {numberField('memoryMiB', 'Memory (MiB)', 512, defaults.limits.memoryMiB, 256)}
        {numberField('diskGiB', 'Disk (GiB)', 5, defaults.limits.diskGiB)}
        <details className="form-advanced">
          <summary>Advanced</summary>
          <label htmlFor={`${id}-image`}>Disk image file (optional)</label>
          <input
            id={`${id}-image`}
            type="text"
            spellCheck={false}
            placeholder="Download the default image"
            value={form.imagePath}
            onChange={set('imagePath')}
          />
          <label htmlFor={`${id}-tz`}>Time zone (optional)</label>
          <input
            id={`${id}-tz`}
            type="text"
            spellCheck={false}
            placeholder="Same as this computer"
            value={form.timezone}
            onChange={set('timezone')}
          />
        </details>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            Create machine
          </button>
        </div>
      </form>
    </section>
  );
}
