/**
 * Checks generated objects against the official Kubernetes OpenAPI schemas.
 *
 * Two layers, because neither is enough alone:
 * - kubernetes-models (JSON-schema validators generated from the Kubernetes OpenAPI spec; the installed
 *   4.5.1 carries the 1.33 schemas, which include PodSpec.hostUsers): types, enums, required fields.
 * - Those schemas allow unknown properties (as the API server does by default), so a misspelt field
 *   would pass silently. The strict pass walks the object with @kubernetes/client-node's model
 *   attribute maps (generated from the 1.36 OpenAPI spec) and reports any field the API does not know.
 */
import { Job } from 'kubernetes-models/batch/v1/Job';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
// The generated models only: the package root also loads its HTTP stack, which is not needed here.
import * as k8sModels from '@kubernetes/client-node/dist/gen/models/all.js';

interface AttributeInfo {
  name: string;
  baseName: string;
  type: string;
}
type ModelClass = { getAttributeTypeMap(): AttributeInfo[] };

const ROOT_TYPES: Record<string, string> = { Job: 'V1Job', Secret: 'V1Secret', ConfigMap: 'V1ConfigMap' };

function modelClass(type: string): ModelClass | null {
  const candidate = (k8sModels as unknown as Record<string, unknown>)[type];
  if (typeof candidate === 'function' && 'getAttributeTypeMap' in candidate)
    return candidate as unknown as ModelClass;
  return null;
}

/** Paths of fields the API's own models do not define (e.g. "spec.template.spec.hostUserz"). */
export function unknownFields(value: unknown, type: string, path = ''): string[] {
  const arrayOf = /^Array<(.+)>$/.exec(type);
  if (arrayOf) {
    if (!Array.isArray(value)) return [];
    return value.flatMap((v, i) => unknownFields(v, arrayOf[1] as string, `${path}[${i}]`));
  }
  const model = modelClass(type);
  if (!model || value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const attrs = new Map(model.getAttributeTypeMap().map((a) => [a.baseName, a.type]));
  const out: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    const childType = attrs.get(key);
    if (childType === undefined) out.push(childPath);
    else out.push(...unknownFields(child, childType, childPath));
  }
  return out;
}

export interface ManifestProblem {
  kind: string;
  name: string;
  message: string;
}

type Manifest = { kind?: string; metadata?: { name?: string } };

function schemaErrors(obj: Manifest): string[] {
  try {
    if (obj.kind === 'Job') new Job(obj as never).validate();
    else if (obj.kind === 'Secret') new Secret(obj as never).validate();
    else if (obj.kind === 'ConfigMap') new ConfigMap(obj as never).validate();
    else return [`no schema for kind ${String(obj.kind)}`];
    return [];
  } catch (err) {
    const errors = (err as { errors?: { instancePath?: string; message?: string }[] }).errors;
    if (errors?.length) return errors.map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
    return [err instanceof Error ? err.message : String(err)];
  }
}

/** Every problem in every object (empty when all are valid). */
export function validateManifests(objects: readonly Manifest[]): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  for (const obj of objects) {
    const kind = String(obj.kind);
    const name = obj.metadata?.name ?? '(unnamed)';
    for (const message of schemaErrors(obj)) problems.push({ kind, name, message });
    const root = ROOT_TYPES[kind];
    if (root) {
      for (const field of unknownFields(obj, root)) {
        problems.push({ kind, name, message: `${field} is not a field of ${kind}` });
      }
    }
  }
  return problems;
}
