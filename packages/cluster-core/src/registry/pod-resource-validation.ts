/**
 * Container resources, environment and downward-API selectors, as
 * pkg/apis/core/validation/validation.go (validateResourceRequirements, ValidateEnv,
 * ValidateEnvFrom, validateObjectFieldSelector, validateContainerResourceFieldSelector).
 */
import {
  type FieldError,
  forbiddenField,
  invalidValue,
  notSupported,
  required,
} from '../api/field-errors';
import { isConfigMapKey, isDNS1123Subdomain, isQualifiedName } from '../api/validation';
import { invalidLiteral } from './go-literal';
import {
  isExtendedResourceName,
  isNativeResource,
  quantityOf,
  validateResourceQuantityValue,
} from './quantity-fields';
import { isObj, type Obj, objs, str } from './spec-access';

const STANDARD_RESOURCES = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'storage',
  'requests.storage',
  'services.nodeports',
  'services.loadbalancers',
]);
const CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

const isHugePages = (name: string) => name.startsWith('hugepages-');
const isOvercommitAllowed = (name: string) => isNativeResource(name) && !isHugePages(name);

/** validateContainerResourceName (ResourceName prints unquoted: it is a fmt.Stringer). */
function validateContainerResourceName(name: string, path: string): FieldError[] {
  const errs = isQualifiedName(name).map((msg) => invalidLiteral(path, name, msg));
  if (errs.length) return errs;
  if (!name.includes('/')) {
    if (
      !STANDARD_RESOURCES.has(name) &&
      !isHugePages(name) &&
      !name.startsWith('requests.hugepages-')
    ) {
      errs.push(invalidLiteral(path, name, 'must be a standard resource type or fully qualified'));
    }
    if (!CONTAINER_RESOURCES.has(name) && !isHugePages(name)) {
      errs.push(invalidLiteral(path, name, 'must be a standard resource for containers'));
    }
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    errs.push(invalidLiteral(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

/** The size of one huge page from the resource name (`hugepages-2Mi` -> 2Mi). */
function hugePageError(name: string, value: unknown): string | undefined {
  const q = quantityOf(value);
  const size = quantityOf(name.slice('hugepages-'.length));
  if (!q || !size || size.sign() <= 0) return undefined;
  if (q.nanos % size.nanos === 0n) return undefined;
  return `${q.toString()} is not positive integer multiple of ${name}`;
}

/** validateResourceRequirements for a container (or overhead, with only limits). */
export function validateResourceRequirements(resources: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!isObj(resources)) return errs;
  const limits = isObj(resources.limits) ? resources.limits : {};
  const requests = isObj(resources.requests) ? resources.requests : {};
  const limPath = `${path}.limits`;
  const reqPath = `${path}.requests`;
  let limCpuMem = false;
  let reqCpuMem = false;
  let hugePages = false;
  for (const [name, value] of Object.entries(limits)) {
    const p = `${limPath}[${name}]`;
    errs.push(...validateContainerResourceName(name, p));
    const q = quantityOf(value);
    if (q) errs.push(...validateResourceQuantityValue(name, q, p));
    if (isHugePages(name)) {
      hugePages = true;
      const msg = hugePageError(name, value);
      if (msg) errs.push(invalidValue(p, q?.toString() ?? '', msg));
    }
    if (name === 'cpu' || name === 'memory') limCpuMem = true;
  }
  for (const [name, value] of Object.entries(requests)) {
    const p = `${reqPath}[${name}]`;
    errs.push(...validateContainerResourceName(name, p));
    const q = quantityOf(value);
    if (q) errs.push(...validateResourceQuantityValue(name, q, p));
    const limit = name in limits ? quantityOf(limits[name]) : undefined;
    if (q && limit) {
      if (q.cmp(limit) !== 0 && !isOvercommitAllowed(name)) {
        errs.push(
          invalidValue(
            reqPath,
            q.toString(),
            `must be equal to ${name} limit of ${limit.toString()}`,
          ),
        );
      } else if (q.cmp(limit) > 0) {
        errs.push(
          invalidValue(
            reqPath,
            q.toString(),
            `must be less than or equal to ${name} limit of ${limit.toString()}`,
          ),
        );
      }
    } else if (!(name in limits) && !isOvercommitAllowed(name)) {
      errs.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
    if (isHugePages(name)) {
      hugePages = true;
      const msg = hugePageError(name, value);
      if (msg) errs.push(invalidValue(p, q?.toString() ?? '', msg));
    }
    if (name === 'cpu' || name === 'memory') reqCpuMem = true;
  }
  if (!limCpuMem && !reqCpuMem && hugePages)
    errs.push(forbiddenField(path, 'HugePages require cpu or memory'));
  return errs;
}

/** IsRelaxedEnvVarName (RelaxedEnvironmentVariableValidation is on in 1.33). */
function envVarNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length === 0) errs.push('environment variable name must be non-empty');
  if ([...name].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) > 0x7e || ch === '=')) {
    errs.push(
      "a valid environment variable name must consist only of printable ASCII characters other than '='",
    );
  }
  return errs;
}

const ENV_FIELD_PATHS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];
export const VOLUME_FIELD_PATHS = [
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
];
const RESOURCE_FIELD_PATHS = [
  'limits.cpu',
  'limits.ephemeral-storage',
  'limits.memory',
  'requests.cpu',
  'requests.ephemeral-storage',
  'requests.memory',
];

/** validateObjectFieldSelector: the downward API fieldRef. */
export function validateObjectFieldSelector(
  ref: Obj,
  allowed: string[],
  path: string,
): FieldError[] {
  if (!ref.apiVersion) return [required(`${path}.apiVersion`)];
  if (!ref.fieldPath) return [required(`${path}.fieldPath`)];
  const fieldPath = str(ref.fieldPath);
  if (ref.apiVersion !== 'v1') {
    return [
      invalidValue(
        `${path}.fieldPath`,
        fieldPath,
        `error converting fieldPath: field label not supported: ${fieldPath}`,
      ),
    ];
  }
  const sub = /^(metadata\.(?:annotations|labels))\['(.*)'\]$/.exec(fieldPath);
  if (sub) {
    const key = sub[1] === 'metadata.annotations' ? sub[2].toLowerCase() : sub[2];
    return isQualifiedName(key).map((msg) => invalidValue(path, key, msg));
  }
  const bracket = /^(.*)\[.*\]$/.exec(fieldPath);
  if (bracket) return [invalidValue(path, bracket[1], 'does not support subscript')];
  if (!allowed.includes(fieldPath))
    return [notSupported(`${path}.fieldPath`, fieldPath, [...allowed].sort())];
  return [];
}

const CPU_DIVISORS = ['1m', '1'];
const BYTE_DIVISORS = [
  '1',
  '1k',
  '1M',
  '1G',
  '1T',
  '1P',
  '1E',
  '1Ki',
  '1Mi',
  '1Gi',
  '1Ti',
  '1Pi',
  '1Ei',
];

/** validateContainerResourceFieldSelector and validateContainerResourceDivisor. */
export function validateResourceFieldSelector(
  ref: Obj,
  path: string,
  volume: boolean,
): FieldError[] {
  const errs: FieldError[] = [];
  const resource = str(ref.resource);
  if (volume && !ref.containerName) errs.push(required(`${path}.containerName`));
  else if (!resource) errs.push(required(`${path}.resource`));
  else if (
    !RESOURCE_FIELD_PATHS.includes(resource) &&
    !/^(requests|limits)\.hugepages-/.test(resource)
  ) {
    errs.push(notSupported(`${path}.resource`, resource, RESOURCE_FIELD_PATHS));
  }
  const divisor = quantityOf(ref.divisor);
  if (!divisor || divisor.isZero()) return errs;
  const text = divisor.toString();
  const divisorPath = `${path}.divisor`;
  const bytes =
    "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the";
  if ((resource === 'limits.cpu' || resource === 'requests.cpu') && !CPU_DIVISORS.includes(text)) {
    errs.push(
      invalidValue(
        divisorPath,
        resource,
        "only divisor's values 1m and 1 are supported with the cpu resource",
      ),
    );
  } else if (
    (resource === 'limits.memory' || resource === 'requests.memory') &&
    !BYTE_DIVISORS.includes(text)
  ) {
    errs.push(invalidValue(divisorPath, resource, `${bytes} memory resource`));
  } else if (resource.endsWith('.ephemeral-storage') && !BYTE_DIVISORS.includes(text)) {
    errs.push(invalidValue(divisorPath, resource, `${bytes} local ephemeral storage resource`));
  }
  if (/^(requests|limits)\.hugepages-/.test(resource) && !BYTE_DIVISORS.includes(text)) {
    errs.push(invalidValue(divisorPath, resource, `${bytes} hugepages resource`));
  }
  return errs;
}

/** NameIsDNSSubdomain with prefix=true masks a trailing dash. */
function subdomainErrors(name: string, prefix: boolean): string[] {
  const masked = prefix && name.length > 1 && name.endsWith('-') ? `${name.slice(0, -1)}a` : name;
  return isDNS1123Subdomain(masked);
}

function validateKeySelector(sel: Obj, path: string): FieldError[] {
  const errs = subdomainErrors(str(sel.name), false).map((msg) =>
    invalidValue(`${path}.name`, str(sel.name), msg),
  );
  if (!sel.key) errs.push(required(`${path}.key`));
  else
    errs.push(
      ...isConfigMapKey(str(sel.key)).map((msg) => invalidValue(`${path}.key`, sel.key, msg)),
    );
  return errs;
}

/** ValidateEnv */
export function validateEnv(env: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  objs(env).forEach((ev, i) => {
    const p = `${path}[${i}]`;
    const name = str(ev.name);
    if (!name) errs.push(required(`${p}.name`));
    else errs.push(...envVarNameErrors(name).map((msg) => invalidValue(`${p}.name`, name, msg)));
    errs.push(...validateEnvValueFrom(ev, `${p}.valueFrom`));
  });
  return errs;
}

function validateEnvValueFrom(ev: Obj, path: string): FieldError[] {
  if (!isObj(ev.valueFrom)) return [];
  const from = ev.valueFrom;
  const errs: FieldError[] = [];
  let sources = 0;
  if (isObj(from.fieldRef)) {
    sources++;
    errs.push(...validateObjectFieldSelector(from.fieldRef, ENV_FIELD_PATHS, `${path}.fieldRef`));
  }
  if (isObj(from.resourceFieldRef)) {
    sources++;
    errs.push(
      ...validateResourceFieldSelector(from.resourceFieldRef, `${path}.resourceFieldRef`, false),
    );
  }
  if (isObj(from.configMapKeyRef)) {
    sources++;
    errs.push(...validateKeySelector(from.configMapKeyRef, `${path}.configMapKeyRef`));
  }
  if (isObj(from.secretKeyRef)) {
    sources++;
    errs.push(...validateKeySelector(from.secretKeyRef, `${path}.secretKeyRef`));
  }
  if (sources === 0) {
    errs.push(
      invalidValue(
        path,
        '',
        'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
      ),
    );
  } else if (str(ev.value).length !== 0) {
    errs.push(invalidValue(path, '', 'may not be specified when `value` is not empty'));
  } else if (sources > 1) {
    errs.push(invalidValue(path, '', 'may not have more than one field specified at a time'));
  }
  return errs;
}

/** ValidateEnvFrom */
export function validateEnvFrom(envFrom: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  objs(envFrom).forEach((ev, i) => {
    const p = `${path}[${i}]`;
    if (str(ev.prefix).length > 0) {
      errs.push(
        ...envVarNameErrors(str(ev.prefix)).map((msg) =>
          invalidValue(`${p}.prefix`, ev.prefix, msg),
        ),
      );
    }
    let sources = 0;
    for (const key of ['configMapRef', 'secretRef']) {
      if (!isObj(ev[key])) continue;
      sources++;
      const name = str(ev[key].name);
      if (!name) errs.push(required(`${p}.${key}.name`));
      else
        errs.push(
          ...subdomainErrors(name, true).map((msg) => invalidValue(`${p}.${key}.name`, name, msg)),
        );
    }
    if (sources === 0)
      errs.push(invalidValue(path, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (sources > 1)
      errs.push(invalidValue(path, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}
