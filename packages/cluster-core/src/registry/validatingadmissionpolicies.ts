/**
 * admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy: SetDefaults_ValidatingAdmissionPolicySpec,
 * pkg/apis/admissionregistration/validation validateValidatingAdmissionPolicySpec (CEL compiled
 * with the same library the lab grader uses), the type-checking controller's
 * status.typeChecking, printers.go printValidatingAdmissionPolicy, and the admission plugin the
 * policies configure (validating-admission-policy-dispatch.ts).
 */
import { deepEqual } from '../api/equality';
import {
  duplicate,
  type FieldError,
  invalidValue,
  notSupported,
  required,
  tooMany,
} from '../api/field-errors';
import type { KubeObject } from '../api/object';
import { isDNS1035Label, isDNS1123Subdomain, isQualifiedName } from '../api/validation';
import { compile } from './admission-policy-cel';
import {
  defaultMatchResources,
  type MatchResources,
  validateMatchResources,
} from './admission-policy-matching';
import { expressionWarnings } from './admission-policy-typecheck';
import { AGE_COLUMN, age, NAME_COLUMN } from './printing';
import type { ResourceDefinition, StrategyContext } from './types';
import { admitWithPolicies } from './validating-admission-policy-dispatch';

const FAILURE_POLICIES = ['Fail', 'Ignore'];
const REASONS = ['Forbidden', 'Invalid', 'RequestEntityTooLarge', 'Unauthorized'];
const MAX_AUDIT_ANNOTATIONS = 20;
const MAX_AUDIT_VALUE_EXPRESSION = 5 * 1024;
const CEL_RESERVED = new Set(
  'true false null in as break const continue else for function if import let loop package namespace return var void while'.split(
    ' ',
  ),
);

/** validateCELCondition: a compile error as field.Invalid with cel-go's detail. */
function validateExpression(
  expression: string,
  hasParams: boolean,
  path: string,
  returnType?: 'bool' | 'string',
): FieldError[] {
  const c = compile(expression, hasParams);
  if (c.error) return [invalidValue(path, expression, c.error)];
  if (returnType && c.outputType && c.outputType !== returnType && c.outputType !== 'dyn')
    return [
      invalidValue(path, expression, `must evaluate to ${returnType} but got ${c.outputType}`),
    ];
  return [];
}

/** validateParamKind */
function validateParamKind(pk: { apiVersion?: string; kind?: string }, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const apiVersion = pk.apiVersion ?? '';
  if (!apiVersion) errs.push(required(`${path}.apiVersion`));
  else if ((apiVersion.match(/\//g) ?? []).length > 1)
    errs.push(
      invalidValue(
        `${path}.apiVersion`,
        apiVersion,
        `unexpected GroupVersion string: ${apiVersion}`,
      ),
    );
  else {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    if (group) {
      const msgs = isDNS1123Subdomain(group);
      if (msgs.length) errs.push(invalidValue(`${path}.apiVersion`, group, msgs.join(',')));
    }
    if (!version)
      errs.push(invalidValue(`${path}.apiVersion`, apiVersion, 'version must be specified'));
    else {
      const msgs = isDNS1035Label(version);
      if (msgs.length) errs.push(invalidValue(`${path}.apiVersion`, version, msgs.join(',')));
    }
  }
  if (!pk.kind) errs.push(required(`${path}.kind`));
  else {
    const msgs = isDNS1035Label(pk.kind.toLowerCase());
    if (msgs.length)
      errs.push(
        invalidValue(
          `${path}.kind`,
          pk.kind,
          `may have mixed case, but should otherwise match: ${msgs.join(',')}`,
        ),
      );
  }
  return errs;
}

// biome-ignore lint/suspicious/noExplicitAny: spec is free JSON
function validateSpec(obj: KubeObject, spec: any): FieldError[] {
  const errs: FieldError[] = [];
  const hasParams = spec.paramKind != null;
  if (spec.failurePolicy == null) errs.push(required('spec.failurePolicy'));
  else if (!FAILURE_POLICIES.includes(spec.failurePolicy))
    errs.push(notSupported('spec.failurePolicy', spec.failurePolicy, FAILURE_POLICIES));
  if (hasParams) errs.push(...validateParamKind(spec.paramKind, 'spec.paramKind'));
  if (spec.matchConstraints == null) errs.push(required('spec.matchConstraints'));
  else {
    errs.push(...validateMatchResources(spec.matchConstraints, 'spec.matchConstraints'));
    if (!(spec.matchConstraints.resourceRules ?? []).length)
      errs.push(required('spec.matchConstraints.resourceRules'));
  }
  const conditions = spec.matchConditions ?? [];
  if (conditions.length > 64) errs.push(tooMany('spec.matchConditions', conditions.length, 64));
  const conditionNames = new Set<string>();
  conditions.forEach((mc: { name?: string; expression?: string }, i: number) => {
    const path = `spec.matchConditions[${i}]`;
    const expression = (mc.expression ?? '').trim();
    if (!expression) errs.push(required(`${path}.expression`));
    else errs.push(...validateExpression(expression, hasParams, `${path}.expression`, 'bool'));
    if (!mc.name) errs.push(required(`${path}.name`));
    else {
      for (const msg of isQualifiedName(mc.name))
        errs.push(invalidValue(`${path}.name`, mc.name, msg));
      if (conditionNames.has(mc.name)) errs.push(duplicate(`${path}.name`, mc.name));
      conditionNames.add(mc.name);
    }
  });
  (spec.variables ?? []).forEach((v: { name?: string; expression?: string }, i: number) => {
    const path = `spec.variables[${i}]`;
    if (!v.name?.trim()) errs.push(required(`${path}.name`, 'name is not specified'));
    else if (!/^[_a-zA-Z][_a-zA-Z0-9]*$/.test(v.name) || CEL_RESERVED.has(v.name))
      errs.push(invalidValue(`${path}.name`, v.name, 'name is not a valid CEL identifier'));
    if (!v.expression?.trim())
      errs.push(required(`${path}.expression`, 'expression is not specified'));
    else errs.push(...validateExpression(v.expression, hasParams, `${path}.expression`));
  });
  const validations = spec.validations ?? [];
  const audits = spec.auditAnnotations ?? [];
  if (!validations.length && !audits.length) {
    const detail = 'validations or auditAnnotations must contain at least one item';
    errs.push(required('spec.validations', detail), required('spec.auditAnnotations', detail));
    return errs;
  }
  // biome-ignore lint/suspicious/noExplicitAny: validation entries are free JSON
  validations.forEach((v: any, i: number) => {
    const path = `spec.validations[${i}]`;
    const expression = (v.expression ?? '').trim();
    if (!expression) errs.push(required(`${path}.expression`, 'expression is not specified'));
    else errs.push(...validateExpression(v.expression, hasParams, `${path}.expression`, 'bool'));
    const messageExpression = v.messageExpression ?? '';
    if (messageExpression && !messageExpression.trim())
      errs.push(
        invalidValue(
          `${path}.messageExpression`,
          messageExpression,
          'must be non-empty if specified',
        ),
      );
    else if (messageExpression)
      errs.push(
        ...validateExpression(messageExpression, hasParams, `${path}.messageExpression`, 'string'),
      );
    const message = v.message ?? '';
    if (message && !message.trim())
      errs.push(invalidValue(`${path}.message`, message, 'message must be non-empty if specified'));
    else if (/[\n\r]/.test(message.trim()))
      errs.push(invalidValue(`${path}.message`, message, 'message must not contain line breaks'));
    if (v.reason != null && !REASONS.includes(v.reason))
      errs.push(notSupported(`${path}.reason`, v.reason, REASONS));
  });
  if (audits.length > MAX_AUDIT_ANNOTATIONS)
    errs.push(
      invalidValue(
        'spec.auditAnnotations',
        audits,
        `must not have more than ${MAX_AUDIT_ANNOTATIONS} auditAnnotations`,
      ),
    );
  const keys = new Set<string>();
  audits.forEach((a: { key?: string; valueExpression?: string }, i: number) => {
    const path = `spec.auditAnnotations[${i}]`;
    const name = obj.metadata.name ?? '';
    if (name)
      for (const msg of isQualifiedName(`${name}/${a.key ?? ''}`))
        errs.push(invalidValue(`${path}.key`, `${name}/${a.key ?? ''}`, msg));
    else errs.push(invalidValue(`${path}.key`, a.key, 'requires metadata.name be non-empty'));
    const value = (a.valueExpression ?? '').trim();
    if (!value) errs.push(required(`${path}.valueExpression`, 'valueExpression is not specified'));
    else if (value.length > MAX_AUDIT_VALUE_EXPRESSION)
      errs.push(
        required(
          `${path}.valueExpression`,
          `must not exceed ${MAX_AUDIT_VALUE_EXPRESSION} bytes in length`,
        ),
      );
    else errs.push(...validateExpression(value, hasParams, `${path}.valueExpression`));
    if (keys.has(a.key ?? '')) errs.push(duplicate(`${path}.key`, a.key));
    keys.add(a.key ?? '');
  });
  return errs;
}

/** The type-checking controller's status: observedGeneration and the expression warnings. */
function typeCheck(obj: KubeObject, generation: number | undefined, ctx: StrategyContext): void {
  const warnings = expressionWarnings(obj.spec ?? {}, ctx);
  obj.status = {
    ...(obj.status ?? {}),
    observedGeneration: generation,
    typeChecking: warnings.length ? { expressionWarnings: warnings } : {},
  };
}

export const validatingAdmissionPolicies: ResourceDefinition = {
  group: 'admissionregistration.k8s.io',
  version: 'v1',
  kind: 'ValidatingAdmissionPolicy',
  plural: 'validatingadmissionpolicies',
  namespaced: false,
  categories: ['api-extensions'],
  statusSubresource: true,
  generation: true,
  defaults(obj) {
    obj.spec ??= {};
    obj.spec.failurePolicy ??= 'Fail';
    defaultMatchResources(obj.spec.matchConstraints as MatchResources | undefined);
  },
  prepareForCreate(obj, ctx) {
    delete obj.status;
    typeCheck(obj, 1, ctx);
  },
  prepareForUpdate(obj, old, ctx) {
    obj.status = old.status;
    if (obj.status === undefined) delete obj.status;
    // the generation the store is about to give a changed spec
    const generation = old.metadata.generation ?? 1;
    typeCheck(obj, deepEqual(obj.spec, old.spec) ? generation : generation + 1, ctx);
  },
  validate(obj) {
    return validateSpec(obj, obj.spec ?? {});
  },
  validatingAdmission: admitWithPolicies,
  columns: [
    NAME_COLUMN,
    {
      name: 'Validations',
      type: 'integer',
      description:
        'Validations indicates the number of validation rules defined in this configuration',
    },
    {
      name: 'ParamKind',
      type: 'string',
      description: 'ParamKind specifies the kind of resources used to parameterize this policy',
    },
    AGE_COLUMN,
  ],
  row(obj, ctx) {
    const pk = obj.spec?.paramKind;
    return [
      obj.metadata.name,
      (obj.spec?.validations ?? []).length,
      pk ? `${pk.apiVersion}/${pk.kind}` : '<unset>',
      age(obj, ctx),
    ];
  },
};
