/**
 * The scheduling and networking parts of a PodSpec, as pkg/apis/core/validation/validation.go:
 * affinity, tolerations, topology spread constraints, DNS config, host aliases, gates.
 */
import {
  duplicate,
  type FieldError,
  forbiddenField,
  invalidValue,
  notSupported,
  required,
} from '../api/field-errors';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
} from '../api/validation';
import { invalidLiteral } from './go-literal';
import { goStringSlice } from './go-values';
import { validateLabelName, validateLabelSelector } from './label-validation';
import { isObj, isSet, num, type Obj, objs, str } from './spec-access';

const NOT_POSITIVE = 'must be greater than zero';

function nodeSelectorRequirement(rq: Obj, path: string, allowInvalidValue: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const values = Array.isArray(rq.values) ? (rq.values as unknown[]).map(str) : [];
  switch (rq.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0)
        errs.push(
          required(`${path}.values`, "must be specified when `operator` is 'In' or 'NotIn'"),
        );
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0)
        errs.push(
          forbiddenField(
            `${path}.values`,
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
          ),
        );
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1)
        errs.push(
          required(
            `${path}.values`,
            "must be specified single value when `operator` is 'Lt' or 'Gt'",
          ),
        );
      break;
    default:
      errs.push(
        invalidValue(`${path}.operator`, str(rq.operator), 'not a valid selector operator'),
      );
  }
  errs.push(...validateLabelName(str(rq.key), `${path}.key`));
  if (!allowInvalidValue) {
    values.forEach((v, i) =>
      errs.push(...isValidLabelValue(v).map((msg) => invalidValue(`${path}.values[${i}]`, v, msg))),
    );
  }
  return errs;
}

function nodeSelectorTerm(term: Obj, path: string, allowInvalidValue: boolean): FieldError[] {
  const errs: FieldError[] = [];
  objs(term.matchExpressions).forEach((rq, j) =>
    errs.push(...nodeSelectorRequirement(rq, `${path}.matchExpressions[${j}]`, allowInvalidValue)),
  );
  objs(term.matchFields).forEach((rq, j) => {
    const p = `${path}.matchFields[${j}]`;
    const values = Array.isArray(rq.values) ? (rq.values as unknown[]).map(str) : [];
    if (rq.operator === 'In' || rq.operator === 'NotIn') {
      if (values.length !== 1) {
        errs.push(
          required(
            `${p}.values`,
            "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
          ),
        );
      }
    } else {
      errs.push(invalidValue(`${p}.operator`, str(rq.operator), 'not a valid selector operator'));
    }
    if (rq.key !== 'metadata.name')
      errs.push(invalidValue(`${p}.key`, str(rq.key), 'not a valid field selector key'));
    else
      values.forEach((v, i) =>
        errs.push(...isDNS1123Subdomain(v).map((msg) => invalidValue(`${p}.values[${i}]`, v, msg))),
      );
  });
  return errs;
}

function podAffinityTerm(term: Obj, path: string): FieldError[] {
  const errs = validateLabelSelector(term.labelSelector, `${path}.labelSelector`);
  for (const ns of Array.isArray(term.namespaces) ? term.namespaces : []) {
    errs.push(
      ...isDNS1123Label(str(ns)).map((msg) => invalidValue(`${path}.namespace`, str(ns), msg)),
    );
  }
  errs.push(...validateLabelSelector(term.namespaceSelector, `${path}.namespaceSelector`));
  if (!term.topologyKey) errs.push(required(`${path}.topologyKey`, 'can not be empty'));
  errs.push(...validateLabelName(str(term.topologyKey), `${path}.topologyKey`));
  return errs;
}

function weightedTerms(
  terms: unknown,
  path: string,
  check: (t: Obj, p: string) => FieldError[],
  child: string,
): FieldError[] {
  const errs: FieldError[] = [];
  objs(terms).forEach((t, i) => {
    const w = num(t.weight);
    if (w <= 0 || w > 100)
      errs.push(invalidValue(`${path}[${i}].weight`, w, 'must be in the range 1-100'));
    errs.push(...check(isObj(t[child]) ? t[child] : {}, `${path}[${i}].${child}`));
  });
  return errs;
}

/** validateAffinity */
export function validateAffinity(affinity: unknown, path: string): FieldError[] {
  if (!isObj(affinity)) return [];
  const errs: FieldError[] = [];
  const na = affinity.nodeAffinity;
  if (isObj(na)) {
    const p = `${path}.nodeAffinity`;
    const req = na.requiredDuringSchedulingIgnoredDuringExecution;
    if (isObj(req)) {
      const terms = objs(req.nodeSelectorTerms);
      const tp = `${p}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`;
      if (terms.length === 0) errs.push(required(tp, 'must have at least one node selector term'));
      terms.forEach((t, i) => errs.push(...nodeSelectorTerm(t, `${tp}[${i}]`, false)));
    }
    errs.push(
      ...weightedTerms(
        na.preferredDuringSchedulingIgnoredDuringExecution,
        `${p}.preferredDuringSchedulingIgnoredDuringExecution`,
        (t, tp) => nodeSelectorTerm(t, tp, true),
        'preference',
      ),
    );
  }
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const pa = affinity[kind];
    if (!isObj(pa)) continue;
    const p = `${path}.${kind}`;
    objs(pa.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) =>
      errs.push(...podAffinityTerm(t, `${p}.requiredDuringSchedulingIgnoredDuringExecution[${i}]`)),
    );
    errs.push(
      ...weightedTerms(
        pa.preferredDuringSchedulingIgnoredDuringExecution,
        `${p}.preferredDuringSchedulingIgnoredDuringExecution`,
        podAffinityTerm,
        'podAffinityTerm',
      ),
    );
  }
  return errs;
}

/** ValidateTolerations */
export function validateTolerations(tolerations: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  objs(tolerations).forEach((t, i) => {
    const p = `${path}[${i}]`;
    const key = str(t.key);
    const operator = str(t.operator);
    const value = str(t.value);
    const effect = str(t.effect);
    if (key) errs.push(...validateLabelName(key, `${p}.key`));
    if (!key && operator !== 'Exists') {
      errs.push(
        invalidValue(
          `${p}.operator`,
          operator,
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    }
    if (isSet(t.tolerationSeconds) && effect !== 'NoExecute') {
      errs.push(
        invalidValue(
          `${p}.effect`,
          effect,
          "effect must be 'NoExecute' when `tolerationSeconds` is set",
        ),
      );
    }
    switch (operator) {
      case 'Equal':
      case '': {
        const msgs = isValidLabelValue(value);
        if (msgs.length) errs.push(invalidValue(`${p}.operator`, value, msgs.join(';')));
        break;
      }
      case 'Exists':
        if (value)
          errs.push(
            invalidValue(`${p}.operator`, value, "value must be empty when `operator` is 'Exists'"),
          );
        break;
      default:
        errs.push(notSupported(`${p}.operator`, operator, ['Equal', 'Exists']));
    }
    if (effect && !['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(effect)) {
      errs.push(
        notSupported(`${p}.effect`, effect, ['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
      );
    }
  });
  return errs;
}

/** validateTopologySpreadConstraints */
export function validateTopologySpreadConstraints(
  constraints: unknown,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const list = objs(constraints);
  list.forEach((c, i) => {
    const p = `${path}[${i}]`;
    if (num(c.maxSkew) <= 0) errs.push(invalidValue(`${p}.maxSkew`, num(c.maxSkew), NOT_POSITIVE));
    if (!c.topologyKey) errs.push(required(`${p}.topologyKey`, 'can not be empty'));
    if (!['DoNotSchedule', 'ScheduleAnyway'].includes(str(c.whenUnsatisfiable))) {
      errs.push(
        notSupported(`${p}.whenUnsatisfiable`, str(c.whenUnsatisfiable), [
          'DoNotSchedule',
          'ScheduleAnyway',
        ]),
      );
    }
    const dup = list
      .slice(i + 1)
      .find(
        (o) =>
          str(o.topologyKey) === str(c.topologyKey) &&
          str(o.whenUnsatisfiable) === str(c.whenUnsatisfiable),
      );
    if (dup) {
      errs.push(
        duplicate(
          `${p}.{topologyKey, whenUnsatisfiable}`,
          `{${str(c.topologyKey)}, ${str(c.whenUnsatisfiable)}}`,
        ),
      );
    }
    if (isSet(c.minDomains)) {
      if (num(c.minDomains) <= 0)
        errs.push(invalidValue(`${p}.minDomains`, num(c.minDomains), NOT_POSITIVE));
      if (c.whenUnsatisfiable !== 'DoNotSchedule') {
        errs.push(
          invalidValue(
            `${p}.minDomains`,
            num(c.minDomains),
            `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${str(c.whenUnsatisfiable)}`,
          ),
        );
      }
    }
    for (const policy of ['nodeAffinityPolicy', 'nodeTaintsPolicy']) {
      if (isSet(c[policy]) && !['Honor', 'Ignore'].includes(str(c[policy]))) {
        errs.push(notSupported(`${p}.${policy}`, c[policy], ['Honor', 'Ignore']));
      }
    }
    errs.push(...validateLabelSelector(c.labelSelector, `${p}.labelSelector`));
  });
  return errs;
}

const IP_V4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
function isIP(value: string): boolean {
  if (IP_V4.test(value)) return true;
  return (
    value.includes(':') && /^[0-9a-fA-F:.]+$/.test(value) && (value.match(/::/g) ?? []).length <= 1
  );
}

/** validation.IsValidIP */
export function validateIP(value: string, path: string): FieldError[] {
  return isIP(value)
    ? []
    : [invalidValue(path, value, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')];
}

/** validatePodDNSConfig (RelaxedDNSSearchValidation is on in 1.33). */
export function validateDNSConfig(
  dnsConfig: unknown,
  dnsPolicy: string,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  if (dnsPolicy === 'None') {
    if (!isObj(dnsConfig))
      return [required(path, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if (!Array.isArray(dnsConfig.nameservers) || dnsConfig.nameservers.length === 0) {
      return [
        required(
          `${path}.nameservers`,
          'must provide at least one DNS nameserver when `dnsPolicy` is None',
        ),
      ];
    }
  }
  if (!isObj(dnsConfig)) return errs;
  const nameservers = Array.isArray(dnsConfig.nameservers) ? dnsConfig.nameservers.map(str) : [];
  if (nameservers.length > 3)
    errs.push(
      invalidLiteral(
        `${path}.nameservers`,
        goStringSlice(nameservers),
        'must not have more than 3 nameservers',
      ),
    );
  nameservers.forEach((ns, i) => errs.push(...validateIP(ns, `${path}.nameservers[${i}]`)));
  const searches = Array.isArray(dnsConfig.searches) ? dnsConfig.searches.map(str) : [];
  if (searches.length > 32)
    errs.push(
      invalidLiteral(
        `${path}.searches`,
        goStringSlice(searches),
        'must not have more than 32 search paths',
      ),
    );
  if (searches.join(' ').length > 2048) {
    errs.push(
      invalidLiteral(
        `${path}.searches`,
        goStringSlice(searches),
        'must not have more than 2048 characters (including spaces) in the search list',
      ),
    );
  }
  searches.forEach((search, i) => {
    if (search === '.') return;
    const trimmed = search.replace(/\.$/, '');
    const masked = trimmed.replace(/_/g, 'a');
    if (isDNS1123Subdomain(masked).length) {
      errs.push(
        invalidValue(
          `${path}.searches[${i}]`,
          trimmed,
          "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9_]([-a-z0-9_]*[a-z0-9_])?(\\.[a-z0-9_]([-a-z0-9_]*[a-z0-9_])?)*')",
        ),
      );
    }
  });
  objs(dnsConfig.options).forEach((o, i) => {
    if (!o.name) errs.push(required(`${path}.options[${i}]`, 'must not be empty'));
  });
  return errs;
}

/** ValidateHostAliases */
export function validateHostAliases(aliases: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  objs(aliases).forEach((a, i) => {
    errs.push(...validateIP(str(a.ip), `${path}[${i}].ip`));
    (Array.isArray(a.hostnames) ? a.hostnames : []).forEach((h: unknown, j: number) =>
      errs.push(
        ...isDNS1123Subdomain(str(h)).map((msg) =>
          invalidValue(`${path}[${i}].hostnames[${j}]`, str(h), msg),
        ),
      ),
    );
  });
  return errs;
}

/** validateReadinessGates and validateSchedulingGates */
export function validateGates(
  readinessGates: unknown,
  schedulingGates: unknown,
  specPath: string,
): FieldError[] {
  const errs: FieldError[] = [];
  objs(readinessGates).forEach((g, i) => {
    const p = `${specPath}.readinessGates[${i}].conditionType`;
    errs.push(
      ...isQualifiedName(str(g.conditionType)).map((msg) =>
        invalidValue(p, str(g.conditionType), msg),
      ),
    );
  });
  const seen = new Set<string>();
  objs(schedulingGates).forEach((g, i) => {
    const p = `${specPath}.schedulingGates[${i}]`;
    const name = str(g.name);
    errs.push(...isQualifiedName(name).map((msg) => invalidValue(p, name, msg)));
    if (seen.has(name)) errs.push(duplicate(p, name));
    seen.add(name);
  });
  return errs;
}
