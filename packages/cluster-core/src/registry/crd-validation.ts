/**
 * CustomResourceDefinition validation, as apiextensions-apiserver pkg/apis/apiextensions/validation
 * (names, versions, scope, conversion, printer columns, subresources, stored versions) and the
 * structural-schema invariants of pkg/apiserver/schema/validation.go that learners meet most:
 * types required at the root and for properties and items, an object at the root, items for
 * arrays, metadata limited to name and generateName.
 */
import { deepEqual } from '../api/equality';
import {
  type FieldError,
  forbiddenField,
  invalidValue,
  notSupported,
  required,
} from '../api/field-errors';
import type { KubeObject } from '../api/object';
import { isDNS1035Label, isDNS1123Subdomain } from '../api/validation';
import { invalidLiteral } from './go-literal';
import type { Obj } from './spec-access';

const SCHEMA_TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const COLUMN_TYPES = ['boolean', 'date', 'integer', 'number', 'string'];
const VERSIONS_LITERAL = (versions: unknown[]) =>
  versions.length
    ? '[]apiextensions.CustomResourceDefinitionVersion{...}'
    : '[]apiextensions.CustomResourceDefinitionVersion(nil)';

type Level = 'root' | 'item' | 'field';

/** The structural checks on one schema node, sorted as ValidateStructural sorts them. */
function validateStructural(s: Obj, level: Level, path: string, errs: FieldError[]): void {
  if (!s || typeof s !== 'object') return;
  if (s.type === 'array' && s.items == null)
    errs.push(required(`${path}.items`, 'must be specified'));
  if (s.items && !Array.isArray(s.items))
    validateStructural(s.items, 'item', `${path}.items`, errs);
  for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, Obj>)) {
    validateStructural(v, 'field', `${path}.properties[${k}]`, errs);
  }
  if (s.additionalProperties != null && typeof s.additionalProperties === 'object') {
    if (level === 'root')
      errs.push(forbiddenField(`${path}.additionalProperties`, 'must not be used at the root'));
    validateStructural(s.additionalProperties, 'field', `${path}.additionalProperties`, errs);
  }
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  if (embedded && s.type !== 'object') {
    if (!s.type)
      errs.push(
        required(`${path}.type`, 'must be object if x-kubernetes-embedded-resource is true'),
      );
    else
      errs.push(
        invalidValue(
          `${path}.type`,
          s.type,
          'must be object if x-kubernetes-embedded-resource is true',
        ),
      );
  } else if (!s.type && !intOrString && !preserve) {
    const detail =
      level === 'root'
        ? 'must not be empty at the root'
        : level === 'item'
          ? 'must not be empty for specified array items'
          : 'must not be empty for specified object fields';
    errs.push(required(`${path}.type`, detail));
  }
  if (level === 'root' && s.type && s.type !== 'object')
    errs.push(invalidValue(`${path}.type`, s.type, 'must be object at the root'));
  const metadata = s.properties?.metadata;
  if (metadata && (level === 'root' || embedded)) {
    if (metadata.type !== 'object')
      errs.push(
        invalidValue(`${path}.properties[metadata].type`, metadata.type ?? '', 'must be object'),
      );
    if (level === 'root') {
      const props = Object.keys(metadata.properties ?? {});
      const rest = Object.keys(metadata).filter(
        (k) => !['type', 'properties', 'default'].includes(k),
      );
      if (props.some((p) => p !== 'name' && p !== 'generateName') || rest.length) {
        errs.push(
          forbiddenField(
            `${path}.properties[metadata]`,
            'must not specify anything other than name and generateName, but metadata is implicitly specified',
          ),
        );
      }
    }
  }
}

/** The OpenAPI checks: known types only (requireValidPropertyType). */
function validateTypes(s: Obj, path: string, errs: FieldError[]): void {
  if (!s || typeof s !== 'object') return;
  if (s.type && !SCHEMA_TYPES.includes(s.type))
    errs.push(notSupported(`${path}.type`, s.type, SCHEMA_TYPES));
  if (s.items && !Array.isArray(s.items)) validateTypes(s.items, `${path}.items`, errs);
  for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, Obj>))
    validateTypes(v, `${path}.properties[${k}]`, errs);
  if (s.additionalProperties && typeof s.additionalProperties === 'object')
    validateTypes(s.additionalProperties, `${path}.additionalProperties`, errs);
}

export function validateSchema(schema: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const typeErrs: FieldError[] = [];
  validateTypes(schema, path, typeErrs);
  const structural: FieldError[] = [];
  validateStructural(schema, 'root', path, structural);
  structural.sort((a, b) => (a.message() < b.message() ? -1 : a.message() > b.message() ? 1 : 0));
  errs.push(...structural, ...typeErrs);
  if (schema?.nullable === true)
    errs.push(forbiddenField(`${path}.nullable`, 'nullable cannot be true at the root'));
  return errs;
}

function validateNames(names: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const dns = (v: string) => isDNS1035Label(v).join(',');
  if (names.plural && dns(names.plural))
    errs.push(invalidValue(`${path}.plural`, names.plural, dns(names.plural)));
  if (names.singular && dns(names.singular))
    errs.push(invalidValue(`${path}.singular`, names.singular, dns(names.singular)));
  if (names.kind && dns(names.kind.toLowerCase())) {
    errs.push(
      invalidValue(
        `${path}.kind`,
        names.kind,
        `may have mixed case, but should otherwise match: ${dns(names.kind.toLowerCase())}`,
      ),
    );
  }
  if (names.listKind && dns(names.listKind.toLowerCase())) {
    errs.push(
      invalidValue(
        `${path}.listKind`,
        names.listKind,
        `may have mixed case, but should otherwise match: ${dns(names.listKind.toLowerCase())}`,
      ),
    );
  }
  ((names.shortNames ?? []) as string[]).forEach((n, i) => {
    if (dns(n)) errs.push(invalidValue(`${path}.shortNames[${i}]`, n, dns(n)));
  });
  if (names.kind && names.kind === names.listKind)
    errs.push(
      invalidValue(`${path}.listKind`, names.listKind, 'kind and listKind may not be the same'),
    );
  ((names.categories ?? []) as string[]).forEach((c, i) => {
    if (dns(c)) errs.push(invalidValue(`${path}.categories[${i}]`, c, dns(c)));
  });
  return errs;
}

function validateSubresources(sub: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const scale = sub?.scale;
  if (!scale) return errs;
  const p = `${path}.scale`;
  if (!scale.specReplicasPath) errs.push(required(`${p}.specReplicasPath`, ''));
  else if (!String(scale.specReplicasPath).startsWith('.spec.')) {
    errs.push(
      invalidValue(
        `${p}.specReplicasPath`,
        scale.specReplicasPath,
        'should be a json path under .spec',
      ),
    );
  }
  if (!scale.statusReplicasPath) errs.push(required(`${p}.statusReplicasPath`, ''));
  else if (!String(scale.statusReplicasPath).startsWith('.status.')) {
    errs.push(
      invalidValue(
        `${p}.statusReplicasPath`,
        scale.statusReplicasPath,
        'should be a json path under .status',
      ),
    );
  }
  if (scale.labelSelectorPath && !/^\.(spec|status)\./.test(scale.labelSelectorPath)) {
    errs.push(
      invalidValue(
        `${p}.labelSelectorPath`,
        scale.labelSelectorPath,
        'should be a json path under either .spec or .status',
      ),
    );
  }
  return errs;
}

function validateColumn(col: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const types = `must be one of ${COLUMN_TYPES.join(',')}`;
  if (!col.name) errs.push(required(`${path}.name`));
  if (!col.type) errs.push(required(`${path}.type`, types));
  else if (!COLUMN_TYPES.includes(col.type))
    errs.push(invalidValue(`${path}.type`, col.type, types));
  if (
    col.format &&
    !['int32', 'int64', 'float', 'double', 'byte', 'date', 'date-time', 'password'].includes(
      col.format,
    )
  ) {
    errs.push(
      invalidValue(
        `${path}.format`,
        col.format,
        'must be one of byte,date,date-time,double,float,int32,int64,password',
      ),
    );
  }
  if (!col.jsonPath) errs.push(required(`${path}.JSONPath`));
  return errs;
}

export function validateCRD(crd: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const spec = crd.spec ?? {};
  const names = spec.names ?? {};
  const requiredName = `${names.plural ?? ''}.${spec.group ?? ''}`;
  if (crd.metadata.name && crd.metadata.name !== requiredName) {
    errs.push(
      invalidValue('metadata.name', crd.metadata.name, 'must be spec.names.plural+"."+spec.group'),
    );
  }
  if (!spec.group) errs.push(required('spec.group'));
  else if (isDNS1123Subdomain(spec.group).length)
    errs.push(invalidValue('spec.group', spec.group, isDNS1123Subdomain(spec.group).join(',')));
  else if (spec.group.split('.').length < 2)
    errs.push(invalidValue('spec.group', spec.group, 'should be a domain with at least one dot'));
  if (!spec.scope) errs.push(required('spec.scope'));
  else if (!['Cluster', 'Namespaced'].includes(spec.scope))
    errs.push(notSupported('spec.scope', spec.scope, ['Cluster', 'Namespaced']));
  const versions: Obj[] = spec.versions ?? [];
  versions.forEach((v, i) => {
    if (!v.schema?.openAPIV3Schema)
      errs.push(required(`spec.versions[${i}].schema.openAPIV3Schema`, 'schemas are required'));
  });
  const seen = new Set<string>();
  let unique = true;
  versions.forEach((v, i) => {
    const path = `spec.versions[${i}]`;
    if (seen.has(v.name)) unique = false;
    seen.add(v.name);
    const nameErrs = isDNS1035Label(v.name ?? '');
    if (nameErrs.length) errs.push(invalidValue(`${path}.name`, v.name ?? '', nameErrs.join(',')));
    if (!v.deprecated && v.deprecationWarning != null)
      errs.push(
        invalidValue(
          `${path}.deprecationWarning`,
          v.deprecationWarning,
          'can only be set for deprecated versions',
        ),
      );
    if (v.schema?.openAPIV3Schema)
      errs.push(...validateSchema(v.schema.openAPIV3Schema, `${path}.schema.openAPIV3Schema`));
    errs.push(...validateSubresources(v.subresources, `${path}.subresources`));
    ((v.additionalPrinterColumns ?? []) as Obj[]).forEach((c, j) =>
      errs.push(...validateColumn(c, `${path}.additionalPrinterColumns[${j}]`)),
    );
  });
  if (!unique)
    errs.push(
      invalidLiteral(
        'spec.versions',
        VERSIONS_LITERAL(versions),
        'must contain unique version names',
      ),
    );
  if (versions.filter((v) => v.storage === true).length !== 1) {
    errs.push(
      invalidLiteral(
        'spec.versions',
        VERSIONS_LITERAL(versions),
        'must have exactly one version marked as storage version',
      ),
    );
  }
  if (!names.plural) errs.push(required('spec.names.plural'));
  if (!names.singular) errs.push(required('spec.names.singular'));
  if (!names.kind) errs.push(required('spec.names.kind'));
  if (!names.listKind) errs.push(required('spec.names.listKind'));
  errs.push(...validateNames(names, 'spec.names'));
  const conversion = spec.conversion;
  if (conversion) {
    if (!conversion.strategy) errs.push(required('spec.conversion.strategy'));
    else if (!['None', 'Webhook'].includes(conversion.strategy))
      errs.push(notSupported('spec.conversion.strategy', conversion.strategy, ['None', 'Webhook']));
    if (conversion.strategy === 'Webhook' && !conversion.webhook?.clientConfig) {
      errs.push(
        required('spec.conversion.webhookClientConfig', 'required when strategy is set to Webhook'),
      );
    }
    if (conversion.strategy === 'Webhook' && spec.preserveUnknownFields === true) {
      errs.push(
        invalidValue(
          'spec.conversion.strategy',
          conversion.strategy,
          'must be None if spec.preserveUnknownFields is true',
        ),
      );
    }
  }
  errs.push(...validateNames(crd.status?.acceptedNames ?? {}, 'status.acceptedNames'));
  errs.push(...validateStoredVersions(crd.status?.storedVersions ?? [], versions));
  return errs;
}

/** ValidateCustomResourceDefinitionStoredVersions */
function validateStoredVersions(stored: string[], versions: Obj[]): FieldError[] {
  const path = 'status.storedVersions';
  if (!stored.length) return [invalidValue(path, stored, 'must have at least one stored version')];
  const errs: FieldError[] = [];
  const remaining = new Map(stored.map((v, i) => [v, i]));
  for (const v of versions) {
    if (v.storage && !remaining.has(v.name))
      errs.push(invalidValue(path, stored, `must have the storage version ${v.name}`));
    remaining.delete(v.name);
  }
  for (const [v, i] of remaining) {
    errs.push(
      invalidValue(
        `${path}[${i}]`,
        v,
        `missing from spec.versions; ${v} was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in ${v} and removes ${v} from status.storedVersions`,
      ),
    );
  }
  return errs;
}

const isEstablished = (crd: KubeObject) =>
  ((crd.status?.conditions ?? []) as Obj[]).some(
    (c) => c.type === 'Established' && c.status === 'True',
  );

export function validateCRDUpdate(crd: KubeObject, old: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const spec = crd.spec ?? {};
  const oldSpec = old.spec ?? {};
  if (isEstablished(old)) {
    if (spec.scope !== oldSpec.scope)
      errs.push(invalidValue('spec.scope', spec.scope ?? '', 'field is immutable'));
    if (spec.names?.kind !== oldSpec.names?.kind)
      errs.push(invalidValue('spec.names.kind', spec.names?.kind ?? '', 'field is immutable'));
  }
  if (spec.group !== oldSpec.group)
    errs.push(invalidValue('spec.group', spec.group ?? '', 'field is immutable'));
  if (spec.names?.plural !== oldSpec.names?.plural)
    errs.push(invalidValue('spec.names.plural', spec.names?.plural ?? '', 'field is immutable'));
  return errs;
}

/** Whether two CRD specs differ (the strategy bumps generation then). */
export function specChanged(a: KubeObject, b: KubeObject): boolean {
  return !deepEqual(a.spec ?? {}, b.spec ?? {});
}
