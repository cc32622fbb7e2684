/**
 * ValidatePodUpdate (pkg/apis/core/validation/validation.go): a Pod's spec is immutable but
 * for container images, activeDeadlineSeconds (downwards), added tolerations and removed
 * scheduling gates. The Forbidden message carries a diff in the spirit of go-cmp's.
 */
import { deepEqual } from '../api/equality';
import { type FieldError, forbiddenField, invalidValue, required } from '../api/field-errors';
import { validateTolerations } from './pod-scheduling-validation';
import { isObj, isSet, num, type Obj, objs, str } from './spec-access';

const UPDATABLE_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

const MAX_INT32 = 2147483647;

function containerUpdates(
  next: unknown,
  prev: unknown,
  path: string,
): { errs: FieldError[]; stop: boolean } {
  const a = objs(next);
  const b = objs(prev);
  if (a.length !== b.length)
    return {
      errs: [forbiddenField(path, 'pod updates may not add or remove containers')],
      stop: true,
    };
  const errs: FieldError[] = [];
  a.forEach((c, i) => {
    const image = str(c.image);
    if (!image) errs.push(required(`${path}[${i}].image`));
    if (image.trim().length !== image.length) {
      errs.push(
        invalidValue(`${path}[${i}].image`, image, 'must not have leading or trailing whitespace'),
      );
    }
  });
  return { errs, stop: false };
}

/** validateOnlyAddedTolerations */
function onlyAddedTolerations(next: unknown, prev: unknown, path: string): FieldError[] {
  const strip = (t: Obj) => ({ ...t, tolerationSeconds: undefined });
  for (const old of objs(prev)) {
    if (!objs(next).some((t) => deepEqual(strip(t), strip(old)))) {
      return [
        forbiddenField(
          path,
          'existing toleration can not be modified except its tolerationSeconds',
        ),
      ];
    }
  }
  return validateTolerations(next, path);
}

/** The Go field name of a JSON field (`restartPolicy` -> `RestartPolicy`). */
const goName = (key: string) => key.charAt(0).toUpperCase() + key.slice(1);

/** A compact go-cmp style diff of two PodSpecs: changed top-level fields, old then new. */
function specDiff(prev: Obj, next: Obj): string {
  const keys = [...new Set([...Object.keys(prev), ...Object.keys(next)])].sort();
  const lines = ['  core.PodSpec{'];
  let identical = 0;
  for (const key of keys) {
    if (deepEqual(prev[key], next[key])) {
      identical++;
      continue;
    }
    if (prev[key] !== undefined) lines.push(`- \t${goName(key)}: ${JSON.stringify(prev[key])},`);
    if (next[key] !== undefined) lines.push(`+ \t${goName(key)}: ${JSON.stringify(next[key])},`);
  }
  if (identical) lines.push(`  \t... // ${identical} identical fields`);
  lines.push('  }');
  return lines.join('\n');
}

/** ValidatePodUpdate, after the generic metadata checks and a full validation of the new pod. */
export function validatePodUpdate(pod: Obj, old: Obj): FieldError[] {
  const spec: Obj = isObj(pod.spec) ? pod.spec : {};
  const oldSpec: Obj = isObj(old.spec) ? old.spec : {};
  const errs: FieldError[] = [];
  for (const key of ['containers', 'initContainers']) {
    const result = containerUpdates(spec[key], oldSpec[key], `spec.${key}`);
    errs.push(...result.errs);
    if (result.stop) return errs;
  }
  if (isSet(spec.activeDeadlineSeconds)) {
    const value = num(spec.activeDeadlineSeconds);
    if (value < 0 || value > MAX_INT32) {
      return [
        ...errs,
        invalidValue(
          'spec.activeDeadlineSeconds',
          value,
          `must be between 0 and ${MAX_INT32}, inclusive`,
        ),
      ];
    }
    if (isSet(oldSpec.activeDeadlineSeconds) && num(oldSpec.activeDeadlineSeconds) < value) {
      return [
        ...errs,
        invalidValue(
          'spec.activeDeadlineSeconds',
          value,
          'must be less than or equal to previous value',
        ),
      ];
    }
  } else if (isSet(oldSpec.activeDeadlineSeconds)) {
    errs.push(
      invalidValue(
        'spec.activeDeadlineSeconds',
        null,
        'must not update from a positive integer to nil value',
      ),
    );
  }
  errs.push(...onlyAddedTolerations(spec.tolerations, oldSpec.tolerations, 'spec.tolerations'));
  const oldGates = new Set(objs(oldSpec.schedulingGates).map((g) => str(g.name)));
  objs(spec.schedulingGates).forEach((g, i) => {
    if (!oldGates.has(str(g.name))) {
      errs.push(
        forbiddenField(
          `spec.schedulingGates[${i}].name`,
          `only deletion is allowed, but found new scheduling gate '${str(g.name)}'`,
        ),
      );
    }
  });
  if (deepEqual(spec, oldSpec)) return errs;

  // munge the updatable fields back to their old values and compare what remains
  const munged: Obj = structuredClone(spec);
  for (const key of ['containers', 'initContainers']) {
    objs(munged[key]).forEach((c, i) => {
      c.image = objs(oldSpec[key])[i]?.image;
    });
  }
  munged.activeDeadlineSeconds = oldSpec.activeDeadlineSeconds;
  munged.schedulingGates = oldSpec.schedulingGates;
  munged.tolerations = oldSpec.tolerations;
  if (
    num(oldSpec.terminationGracePeriodSeconds) < 0 &&
    num(munged.terminationGracePeriodSeconds) === 1
  ) {
    munged.terminationGracePeriodSeconds = oldSpec.terminationGracePeriodSeconds;
  }
  if (objs(oldSpec.schedulingGates).length > 0) {
    munged.nodeSelector = oldSpec.nodeSelector;
    if (isObj(munged.affinity) || isObj(oldSpec.affinity)) {
      munged.affinity = {
        ...(munged.affinity ?? {}),
        nodeAffinity: oldSpec.affinity?.nodeAffinity,
      };
      if (!isSet(munged.affinity.nodeAffinity)) delete munged.affinity.nodeAffinity;
      if (!oldSpec.affinity && Object.keys(munged.affinity).length === 0)
        munged.affinity = undefined;
    }
  }
  const clean = (o: Obj) => JSON.parse(JSON.stringify(o)) as Obj;
  if (!deepEqual(clean(munged), clean(oldSpec))) {
    errs.push(
      forbiddenField(
        'spec',
        `pod updates may not change fields other than ${UPDATABLE_FIELDS.join(',')}\n${specDiff(clean(oldSpec), clean(munged))}`,
      ),
    );
  }
  return errs;
}
