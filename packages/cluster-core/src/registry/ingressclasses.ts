/**
 * networking.k8s.io/v1 IngressClass: SetDefaults_IngressClass (parameters scope Cluster),
 * ValidateIngressClass (domain-prefixed controller, immutable), printers.go printIngressClass.
 */
import {
  type FieldError,
  forbiddenField,
  invalidValue,
  notSupported,
  required,
  tooLong,
} from '../api/field-errors';
import { isDNS1123Label, isDNS1123Subdomain } from '../api/validation';
import { isPathSegmentName } from './ingresses';
import { AGE_COLUMN, age, NAME_COLUMN } from './printing';
import type { ResourceDefinition } from './types';

const MAX_CONTROLLER = 250;
const HTTP_PATH = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
const SCOPES = ['Cluster', 'Namespace'];

/** validation.IsDomainPrefixedPath */
function validateDomainPrefixedPath(value: string, path: string): FieldError[] {
  const slash = value.indexOf('/');
  if (slash <= 0 || slash === value.length - 1) {
    return [invalidValue(path, value, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  }
  const host = value.slice(0, slash);
  const rest = value.slice(slash + 1);
  const errs = isDNS1123Subdomain(host).map((m) => invalidValue(path, host, m));
  if (!new RegExp(`^${HTTP_PATH}$`).test(rest)) {
    errs.push(
      invalidValue(path, rest, `Invalid path (regex used for validation is '${HTTP_PATH}')`),
    );
  }
  return errs;
}

export const ingressClasses: ResourceDefinition = {
  group: 'networking.k8s.io',
  version: 'v1',
  kind: 'IngressClass',
  plural: 'ingressclasses',
  namespaced: false,
  generation: true,
  defaults(obj) {
    const params = obj.spec?.parameters;
    if (params && params.scope == null) params.scope = 'Cluster';
  },
  validate(obj) {
    const errs: FieldError[] = [];
    const controller: string = obj.spec?.controller ?? '';
    if (!controller) errs.push(required('spec.controller'));
    else {
      if (controller.length > MAX_CONTROLLER)
        errs.push(tooLong('spec.controller', '', MAX_CONTROLLER));
      errs.push(...validateDomainPrefixedPath(controller, 'spec.controller'));
    }
    const p = obj.spec?.parameters;
    if (p) {
      const path = 'spec.parameters';
      if (p.apiGroup != null)
        for (const m of isDNS1123Subdomain(p.apiGroup))
          errs.push(invalidValue(`${path}.apiGroup`, p.apiGroup, m));
      if (!p.kind) errs.push(required(`${path}.kind`));
      else
        for (const m of isPathSegmentName(p.kind))
          errs.push(invalidValue(`${path}.kind`, p.kind, m));
      if (!p.name) errs.push(required(`${path}.name`));
      else
        for (const m of isPathSegmentName(p.name))
          errs.push(invalidValue(`${path}.name`, p.name, m));
      if (p.scope == null) errs.push(required(`${path}.scope`));
      else if (!SCOPES.includes(p.scope)) errs.push(notSupported(`${path}.scope`, p.scope, SCOPES));
      else if (p.scope === 'Namespace') {
        if (p.namespace == null)
          errs.push(required(`${path}.namespace`, "`parameters.scope` is set to 'Namespace'"));
        else
          for (const m of isDNS1123Label(p.namespace))
            errs.push(invalidValue(`${path}.namespace`, p.namespace, m));
      } else if (p.namespace != null)
        errs.push(forbiddenField(`${path}.namespace`, "`parameters.scope` is set to 'Cluster'"));
    }
    return errs;
  },
  validateUpdate(obj, old) {
    if ((obj.spec?.controller ?? '') !== (old.spec?.controller ?? '')) {
      return [invalidValue('spec.controller', obj.spec?.controller ?? '', 'field is immutable')];
    }
    return [];
  },
  columns: [
    NAME_COLUMN,
    {
      name: 'Controller',
      type: 'string',
      description: 'The controller that implements the class.',
    },
    {
      name: 'Parameters',
      type: 'string',
      description: 'The resource holding the class parameters.',
    },
    AGE_COLUMN,
  ],
  row(obj, ctx) {
    const p = obj.spec?.parameters;
    let params = '<none>';
    if (p) params = `${p.kind ?? ''}${p.apiGroup != null ? `.${p.apiGroup}` : ''}/${p.name ?? ''}`;
    return [obj.metadata.name, obj.spec?.controller ?? '', params, age(obj, ctx)];
  },
};
