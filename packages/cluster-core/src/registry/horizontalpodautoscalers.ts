/**
 * autoscaling/v2 HorizontalPodAutoscaler, also served as autoscaling/v1 (hpa-v1-conversion.ts):
 * pkg/apis/autoscaling/v2/defaults.go, pkg/apis/autoscaling/validation, the strategy (status
 * cleared on create), printers.go printHorizontalPodAutoscaler / formatHPAMetrics.
 */
import {
  type FieldError,
  forbiddenField,
  invalidValue,
  notSupported,
  required,
} from '../api/field-errors';
import type { KubeObject } from '../api/object';
import { DEFAULT_CPU_UTILIZATION, hpaFromV1, hpaToV1 } from './hpa-v1-conversion';
import { validateLabelSelector } from './label-validation';
import { AGE_COLUMN, age, NAME_COLUMN } from './printing';
import { canonicalizeQuantity, quantityOf } from './quantity-fields';
import { isPathSegmentName } from './rbac-validation';
import type { Obj } from './spec-access';
import type { ResourceDefinition } from './types';

const METRIC_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const SOURCE_FIELD: Record<string, string> = {
  Object: 'object',
  Pods: 'pods',
  Resource: 'resource',
  External: 'external',
  ContainerResource: 'containerResource',
};
const SELECT_POLICIES = ['Disabled', 'Max', 'Min'];
const POLICY_TYPES = ['Percent', 'Pods'];
const MAX_STABILIZATION = 3600;
const MAX_PERIOD = 1800;

const scaleUpDefaults = () => ({
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
});
const scaleDownDefaults = () => ({
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
});

/** copyHPAScalingRules onto the defaults */
function fillRules(rules: Obj, defaults: Obj): Obj {
  if (rules == null) return defaults;
  for (const k of ['selectPolicy', 'stabilizationWindowSeconds', 'policies', 'tolerance'])
    if (rules[k] != null) defaults[k] = rules[k];
  return defaults;
}

function canonicalizeTargets(spec: Obj): void {
  for (const m of (spec?.metrics ?? []) as Obj[]) {
    for (const src of Object.values(SOURCE_FIELD)) {
      const t = m?.[src]?.target;
      canonicalizeQuantity(t, 'value', 'HorizontalPodAutoscaler');
      canonicalizeQuantity(t, 'averageValue', 'HorizontalPodAutoscaler');
    }
  }
}

/** SetDefaults_HorizontalPodAutoscaler */
export function setHPADefaults(obj: KubeObject): void {
  const spec = (obj.spec ??= {});
  if (spec.minReplicas == null) spec.minReplicas = 1;
  if (!(spec.metrics ?? []).length) {
    spec.metrics = [
      {
        type: 'Resource',
        resource: {
          name: 'cpu',
          target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION },
        },
      },
    ];
  }
  if (spec.behavior != null) {
    spec.behavior.scaleUp = fillRules(spec.behavior.scaleUp, scaleUpDefaults());
    spec.behavior.scaleDown = fillRules(spec.behavior.scaleDown, scaleDownDefaults());
  }
  canonicalizeTargets(spec);
}

function validateTarget(t: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!t?.type) errs.push(required(`${path}.type`, 'must specify a metric target type'));
  if (t?.type && !['Utilization', 'Value', 'AverageValue'].includes(t.type)) {
    errs.push(
      invalidValue(`${path}.type`, t.type, 'must be either Utilization, Value, or AverageValue'),
    );
  }
  for (const k of ['value', 'averageValue']) {
    const q = quantityOf(t?.[k]);
    if (q && q.sign() !== 1)
      errs.push(invalidValue(`${path}.${k}`, q.toString(), 'must be positive'));
  }
  if (t?.averageUtilization != null && t.averageUtilization < 1) {
    errs.push(
      invalidValue(`${path}.averageUtilization`, t.averageUtilization, 'must be greater than 0'),
    );
  }
  return errs;
}

function validateMetricIdentifier(metric: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!metric?.name) errs.push(required(`${path}.name`, 'must specify a metric name'));
  else
    for (const m of isPathSegmentName(metric.name))
      errs.push(invalidValue(`${path}.name`, metric.name, m));
  if (metric?.selector) errs.push(...validateLabelSelector(metric.selector, `${path}.selector`));
  return errs;
}

function validateSource(type: string, src: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (type === 'resource' || type === 'containerResource') {
    if (!src.name) errs.push(required(`${path}.name`, 'must specify a resource name'));
    if (type === 'containerResource' && !src.container)
      errs.push(required(`${path}.container`, 'must specify a container'));
    errs.push(...validateTarget(src.target, `${path}.target`));
    if (src.target?.averageUtilization == null && src.target?.averageValue == null) {
      errs.push(
        required(
          `${path}.target.averageUtilization`,
          'must set either a target raw value or a target utilization',
        ),
      );
    }
    if (src.target?.averageUtilization != null && src.target?.averageValue != null) {
      errs.push(
        forbiddenField(
          `${path}.target.averageValue`,
          'may not set both a target raw value and a target utilization',
        ),
      );
    }
    return errs;
  }
  if (type === 'object') {
    const ref = src.describedObject ?? {};
    if (!ref.kind) errs.push(required(`${path}.describedObject.kind`));
    if (!ref.name) errs.push(required(`${path}.describedObject.name`));
  }
  errs.push(...validateMetricIdentifier(src.metric, `${path}.metric`));
  errs.push(...validateTarget(src.target, `${path}.target`));
  const t = src.target ?? {};
  if (type === 'pods' && t.averageValue == null)
    errs.push(
      required(`${path}.target.averageValue`, 'must specify a positive target averageValue'),
    );
  if ((type === 'object' || type === 'external') && t.value == null && t.averageValue == null) {
    errs.push(required(`${path}.target.value`, 'must set either a target value or averageValue'));
  }
  return errs;
}

function validateMetricSpec(m: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!m?.type) errs.push(required(`${path}.type`, 'must specify a metric source type'));
  if (!METRIC_TYPES.includes(m?.type ?? ''))
    errs.push(notSupported(`${path}.type`, m?.type ?? '', METRIC_TYPES));
  const present = Object.values(SOURCE_FIELD).filter((f) => m?.[f] != null);
  if (present.length === 1)
    errs.push(...validateSource(present[0], m[present[0]], `${path}.${present[0]}`));
  const expected = SOURCE_FIELD[m?.type ?? ''];
  if (expected && m[expected] == null)
    errs.push(
      required(`${path}.${expected}`, 'must populate information for the given metric source'),
    );
  if (present.length !== 1) {
    for (const f of present.filter((p) => p !== expected))
      errs.push(forbiddenField(`${path}.${f}`, 'must populate the given metric source only'));
  }
  return errs;
}

function validateScalingRules(rules: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (rules == null) return errs;
  const w = rules.stabilizationWindowSeconds;
  if (w != null && w < 0)
    errs.push(
      invalidValue(
        `${path}.stabilizationWindowSeconds`,
        w,
        'must be greater than or equal to zero',
      ),
    );
  if (w != null && w > MAX_STABILIZATION)
    errs.push(
      invalidValue(
        `${path}.stabilizationWindowSeconds`,
        w,
        `must be less than or equal to ${MAX_STABILIZATION}`,
      ),
    );
  if (rules.selectPolicy != null && !SELECT_POLICIES.includes(rules.selectPolicy)) {
    errs.push(notSupported(`${path}.selectPolicy`, rules.selectPolicy, SELECT_POLICIES));
  }
  const policies: Obj[] = rules.policies ?? [];
  if (!policies.length) errs.push(required(`${path}.policies`, 'must specify at least one Policy'));
  policies.forEach((p, i) => {
    const pp = `${path}.policies[${i}]`;
    if (!POLICY_TYPES.includes(p.type))
      errs.push(notSupported(`${pp}.type`, p.type ?? '', POLICY_TYPES));
    if (!(p.value > 0))
      errs.push(invalidValue(`${pp}.value`, p.value ?? 0, 'must be greater than zero'));
    if (!(p.periodSeconds > 0))
      errs.push(
        invalidValue(`${pp}.periodSeconds`, p.periodSeconds ?? 0, 'must be greater than zero'),
      );
    if (p.periodSeconds > MAX_PERIOD)
      errs.push(
        invalidValue(
          `${pp}.periodSeconds`,
          p.periodSeconds,
          `must be less than or equal to ${MAX_PERIOD}`,
        ),
      );
  });
  return errs;
}

export function validateHPASpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.minReplicas != null && spec.minReplicas < 1) {
    errs.push(
      invalidValue('spec.minReplicas', spec.minReplicas, 'must be greater than or equal to 1'),
    );
  }
  const max = spec.maxReplicas ?? 0;
  if (max < 1) errs.push(invalidValue('spec.maxReplicas', max, 'must be greater than 0'));
  if (spec.minReplicas != null && max < spec.minReplicas) {
    errs.push(
      invalidValue('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'),
    );
  }
  const ref = spec.scaleTargetRef ?? {};
  if (!ref.kind) errs.push(required('spec.scaleTargetRef.kind'));
  else
    for (const m of isPathSegmentName(ref.kind))
      errs.push(invalidValue('spec.scaleTargetRef.kind', ref.kind, m));
  if (!ref.name) errs.push(required('spec.scaleTargetRef.name'));
  else
    for (const m of isPathSegmentName(ref.name))
      errs.push(invalidValue('spec.scaleTargetRef.name', ref.name, m));
  ((spec.metrics ?? []) as Obj[]).forEach((m, i) =>
    errs.push(...validateMetricSpec(m, `spec.metrics[${i}]`)),
  );
  if (spec.behavior) {
    errs.push(...validateScalingRules(spec.behavior.scaleUp, 'spec.behavior.scaleUp'));
    errs.push(...validateScalingRules(spec.behavior.scaleDown, 'spec.behavior.scaleDown'));
  }
  return errs;
}

const q = (v: unknown) => quantityOf(v)?.toString() ?? '0';

/** formatHPAMetrics: "cpu: 45%/80%", at most two entries then "+ N more...". */
export function formatHPAMetrics(obj: KubeObject): string {
  const specs: Obj[] = obj.spec?.metrics ?? [];
  const statuses: Obj[] = obj.status?.currentMetrics ?? [];
  if (!specs.length) return '<none>';
  const list = specs.map((spec, i) => {
    const st = statuses[i];
    switch (spec.type) {
      case 'External':
      case 'Object': {
        const src = spec.type === 'External' ? 'external' : 'object';
        const t = spec[src]?.target ?? {};
        if (t.averageValue != null) {
          const cur =
            st?.[src]?.current?.averageValue != null
              ? q(st[src].current.averageValue)
              : '<unknown>';
          return `${cur}/${q(t.averageValue)} (avg)`;
        }
        const cur = st?.[src] ? q(st[src].current?.value) : '<unknown>';
        return `${cur}/${q(t.value)}`;
      }
      case 'Pods': {
        const cur = st?.pods ? q(st.pods.current?.averageValue) : '<unknown>';
        return `${cur}/${q(spec.pods?.target?.averageValue)}`;
      }
      case 'Resource':
      case 'ContainerResource': {
        const src = spec.type === 'Resource' ? 'resource' : 'containerResource';
        const s = spec[src] ?? {};
        if (s.target?.averageValue != null) {
          const cur = st?.[src] ? q(st[src].current?.averageValue) : '<unknown>';
          return `${s.name}: ${cur}/${q(s.target.averageValue)}`;
        }
        const cur =
          st?.[src]?.current?.averageUtilization != null
            ? `${st[src].current.averageUtilization}%`
            : '<unknown>';
        const tgt =
          s.target?.averageUtilization != null ? `${s.target.averageUtilization}%` : '<auto>';
        return `${s.name}: ${cur}/${tgt}`;
      }
      default:
        return '<unknown type>';
    }
  });
  if (list.length > 2) return `${list.slice(0, 2).join(', ')} + ${list.length - 2} more...`;
  return list.join(', ');
}

export const horizontalPodAutoscalers: ResourceDefinition = {
  group: 'autoscaling',
  version: 'v2',
  kind: 'HorizontalPodAutoscaler',
  plural: 'horizontalpodautoscalers',
  namespaced: true,
  shortNames: ['hpa'],
  categories: ['all'],
  statusSubresource: true,
  otherVersions: [{ version: 'v1', toStorage: hpaFromV1, fromStorage: hpaToV1 }],
  defaults: setHPADefaults,
  prepareForCreate(obj) {
    obj.status = { desiredReplicas: 0 };
  },
  validate: (obj) => validateHPASpec(obj.spec ?? {}),
  columns: [
    NAME_COLUMN,
    { name: 'Reference', type: 'string', description: 'The scaled resource.' },
    { name: 'Targets', type: 'string', description: 'Current and target metric values.' },
    { name: 'MinPods', type: 'string', description: 'Lower limit of replicas.' },
    { name: 'MaxPods', type: 'string', description: 'Upper limit of replicas.' },
    { name: 'Replicas', type: 'string', description: 'Current number of replicas.' },
    AGE_COLUMN,
  ],
  row(served, ctx) {
    // the printer works on the internal (v2-shaped) object whichever version was asked for
    const obj = served.apiVersion === 'autoscaling/v1' ? hpaFromV1(served) : served;
    return [
      obj.metadata.name,
      `${obj.spec?.scaleTargetRef?.kind ?? ''}/${obj.spec?.scaleTargetRef?.name ?? ''}`,
      formatHPAMetrics(obj),
      obj.spec?.minReplicas != null ? String(obj.spec.minReplicas) : '<unset>',
      obj.spec?.maxReplicas ?? 0,
      obj.status?.currentReplicas ?? 0,
      age(obj, ctx),
    ];
  },
};
