/**
 * admissionregistration.k8s.io/v1 ValidatingAdmissionPolicyBinding:
 * pkg/apis/admissionregistration/validation validateValidatingAdmissionPolicyBindingSpec,
 * SetDefaults_MatchResources, printers.go printValidatingAdmissionPolicyBinding. The binding is
 * enforced by the policy's admission plugin (validating-admission-policy-dispatch.ts).
 */
import {
  duplicate,
  type FieldError,
  forbiddenField,
  invalidValue,
  notSupported,
  required,
} from '../api/field-errors';
import { isDNS1123Subdomain } from '../api/validation';
import {
  defaultMatchResources,
  type MatchResources,
  validateMatchResources,
} from './admission-policy-matching';
import { isPathSegmentName } from './ingresses';
import { validateLabelSelector } from './label-validation';
import { AGE_COLUMN, age, NAME_COLUMN } from './printing';
import type { ResourceDefinition } from './types';

const ACTIONS = ['Audit', 'Deny', 'Warn'];
const NOT_FOUND_ACTIONS = ['Deny', 'Allow'];

interface ParamRef {
  name?: string;
  namespace?: string;
  selector?: unknown;
  parameterNotFoundAction?: string;
}

/** validateParamRef */
function validateParamRef(pr: ParamRef | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!pr) return errs;
  if (pr.name) {
    for (const msg of isPathSegmentName(pr.name))
      errs.push(invalidValue(`${path}.name`, pr.name, msg));
    if (pr.selector != null)
      errs.push(forbiddenField(`${path}.name`, 'name and selector are mutually exclusive'));
  }
  if (pr.selector != null) {
    errs.push(...validateLabelSelector(pr.selector, `${path}.selector`));
    if (pr.name)
      errs.push(forbiddenField(`${path}.selector`, 'name and selector are mutually exclusive'));
  }
  if (!pr.name && pr.selector == null)
    errs.push(required(path, 'one of name or selector must be specified'));
  if (!pr.parameterNotFoundAction) errs.push(required(`${path}.parameterNotFoundAction`));
  else if (!NOT_FOUND_ACTIONS.includes(pr.parameterNotFoundAction))
    errs.push(
      notSupported(
        `${path}.parameterNotFoundAction`,
        pr.parameterNotFoundAction,
        NOT_FOUND_ACTIONS,
      ),
    );
  return errs;
}

/** validateValidationActions */
function validateActions(actions: string[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  actions.forEach((a, i) => {
    if (!ACTIONS.includes(a)) errs.push(notSupported(`${path}[${i}]`, a, ACTIONS));
    if (seen.has(a)) errs.push(duplicate(`${path}[${i}]`, a));
    seen.add(a);
  });
  if (seen.has('Deny') && seen.has('Warn'))
    errs.push(
      invalidValue(
        path,
        actions,
        'must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)',
      ),
    );
  if (!seen.size) errs.push(required(path, 'at least one validation action is required'));
  return errs;
}

/** LabelSelector.String() as the generated protobuf code prints it (the ParamRef column). */
function goLabelSelector(selector: {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key?: string; operator?: string; values?: string[] }>;
}): string {
  const labels = Object.keys(selector.matchLabels ?? {})
    .sort()
    .map((k) => `${k}: ${selector.matchLabels?.[k]},`)
    .join('');
  const expressions = (selector.matchExpressions ?? [])
    .map(
      (e) =>
        `LabelSelectorRequirement{Key:${e.key ?? ''},Operator:${e.operator ?? ''},Values:[${(e.values ?? []).join(' ')}],},`,
    )
    .join('');
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${expressions}},}`;
}

export const validatingAdmissionPolicyBindings: ResourceDefinition = {
  group: 'admissionregistration.k8s.io',
  version: 'v1',
  kind: 'ValidatingAdmissionPolicyBinding',
  plural: 'validatingadmissionpolicybindings',
  namespaced: false,
  categories: ['api-extensions'],
  generation: true,
  defaults(obj) {
    defaultMatchResources(obj.spec?.matchResources as MatchResources | undefined);
  },
  validate(obj) {
    const spec = obj.spec ?? {};
    const errs: FieldError[] = [];
    if (!spec.policyName) errs.push(required('spec.policyName'));
    else
      for (const msg of isDNS1123Subdomain(spec.policyName))
        errs.push(invalidValue('spec.policyName', spec.policyName, msg));
    errs.push(...validateParamRef(spec.paramRef, 'spec.paramRef'));
    errs.push(...validateMatchResources(spec.matchResources, 'spec.matchResources'));
    errs.push(...validateActions(spec.validationActions ?? [], 'spec.validationActions'));
    return errs;
  },
  columns: [
    NAME_COLUMN,
    {
      name: 'PolicyName',
      type: 'string',
      description: 'PolicyName indicates the policy definition which the policy binding binded to',
    },
    {
      name: 'ParamRef',
      type: 'string',
      description: 'ParamRef indicates the param resource which sets the configration param',
    },
    AGE_COLUMN,
  ],
  row(obj, ctx) {
    const pr: ParamRef | undefined = obj.spec?.paramRef;
    let param = '<unset>';
    if (pr?.name) param = pr.namespace ? `${pr.namespace}/${pr.name}` : `*/${pr.name}`;
    else if (pr?.selector) param = goLabelSelector(pr.selector);
    return [obj.metadata.name, obj.spec?.policyName ?? '', param, age(obj, ctx)];
  },
};
