/**
 * core/v1 LimitRange: SetDefaults_LimitRangeItem (Container defaults from max, default
 * requests from default or min), ValidateLimitRange. Printed with the default table.
 */
import {
  duplicate,
  type FieldError,
  forbiddenField,
  invalidValue,
  required,
} from '../api/field-errors';
import type { KubeObject } from '../api/object';
import { Quantity } from '../api/quantity';
import { DEFAULT_COLUMNS, defaultRow } from './default-table';
import { canonicalizeResourceList, quantityOf } from './quantity-fields';
import {
  isOvercommitAllowed,
  validateContainerResourceName,
  validateLimitRangeTypeName,
  validateResourceName,
} from './resource-names';
import type { ResourceDefinition } from './types';

type ResourceList = Record<string, string>;
interface LimitItem {
  type?: string;
  max?: ResourceList;
  min?: ResourceList;
  default?: ResourceList;
  defaultRequest?: ResourceList;
  maxLimitRequestRatio?: ResourceList;
}

const LISTS = ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'] as const;

function setItemDefaults(item: LimitItem): void {
  for (const list of LISTS) canonicalizeResourceList(item[list], 'LimitRange');
  if (item.type !== 'Container') return;
  item.default ??= {};
  item.defaultRequest ??= {};
  for (const [k, v] of Object.entries(item.max ?? {}))
    if (!(k in item.default)) item.default[k] = v;
  for (const [k, v] of Object.entries(item.default))
    if (!(k in item.defaultRequest)) item.defaultRequest[k] = v;
  for (const [k, v] of Object.entries(item.min ?? {}))
    if (!(k in item.defaultRequest)) item.defaultRequest[k] = v;
}

function nameCheck(type: string, name: string, path: string): FieldError[] {
  return type === 'Pod' || type === 'Container'
    ? validateContainerResourceName(name, path)
    : validateResourceName(name, path);
}

/** %f of Go: six decimals. */
const goFloat = (n: number) => n.toFixed(6);

export function validateLimitRange(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const types = new Set<string>();
  ((obj.spec?.limits ?? []) as LimitItem[]).forEach((item, i) => {
    const path = `spec.limits[${i}]`;
    const type = item.type ?? '';
    errs.push(...validateLimitRangeTypeName(type, `${path}.type`));
    if (types.has(type)) errs.push(duplicate(`${path}.type`, type));
    types.add(type);
    const keys = new Set<string>();
    const q: Record<string, Map<string, Quantity>> = {};
    const collect = (list: (typeof LISTS)[number]) => {
      q[list] = new Map();
      for (const [k, v] of Object.entries(item[list] ?? {})) {
        errs.push(...nameCheck(type, k, `${path}.${list}[${k}]`));
        keys.add(k);
        const parsed = quantityOf(v);
        if (parsed) q[list].set(k, parsed);
      }
    };
    collect('max');
    collect('min');
    if (type === 'Pod') {
      q.default = new Map();
      q.defaultRequest = new Map();
      if (Object.keys(item.default ?? {}).length)
        errs.push(forbiddenField(`${path}.default`, "may not be specified when `type` is 'Pod'"));
      if (Object.keys(item.defaultRequest ?? {}).length) {
        errs.push(
          forbiddenField(`${path}.defaultRequest`, "may not be specified when `type` is 'Pod'"),
        );
      }
    } else {
      collect('default');
      collect('defaultRequest');
    }
    if (type === 'PersistentVolumeClaim' && !item.min?.storage && !item.max?.storage) {
      errs.push(
        required(
          `${path}.limits`,
          'either minimum or maximum storage value is required, but neither was provided',
        ),
      );
    }
    collect('maxLimitRequestRatio');
    for (const k of keys) {
      const min = q.min.get(k);
      const max = q.max.get(k);
      const def = q.default.get(k);
      const defReq = q.defaultRequest.get(k);
      const ratio = q.maxLimitRequestRatio.get(k);
      if (min && max && min.cmp(max) > 0) {
        errs.push(
          invalidValue(
            `${path}.min[${k}]`,
            min.toString(),
            `min value ${min} is greater than max value ${max}`,
          ),
        );
      }
      if (defReq && min && min.cmp(defReq) > 0) {
        errs.push(
          invalidValue(
            `${path}.defaultRequest[${k}]`,
            defReq.toString(),
            `min value ${min} is greater than default request value ${defReq}`,
          ),
        );
      }
      if (defReq && max && defReq.cmp(max) > 0) {
        errs.push(
          invalidValue(
            `${path}.defaultRequest[${k}]`,
            defReq.toString(),
            `default request value ${defReq} is greater than max value ${max}`,
          ),
        );
      }
      if (defReq && def && defReq.cmp(def) > 0) {
        errs.push(
          invalidValue(
            `${path}.defaultRequest[${k}]`,
            defReq.toString(),
            `default request value ${defReq} is greater than default limit value ${def}`,
          ),
        );
      }
      if (def && min && min.cmp(def) > 0) {
        errs.push(
          invalidValue(
            `${path}.default[${k}]`,
            min.toString(),
            `min value ${min} is greater than default value ${def}`,
          ),
        );
      }
      if (def && max && def.cmp(max) > 0) {
        errs.push(
          invalidValue(
            `${path}.default[${k}]`,
            max.toString(),
            `default value ${def} is greater than max value ${max}`,
          ),
        );
      }
      if (ratio && ratio.cmp(Quantity.fromValue(1)) < 0) {
        errs.push(
          invalidValue(
            `${path}.maxLimitRequestRatio[${k}]`,
            ratio.toString(),
            `ratio ${ratio} is less than 1`,
          ),
        );
      }
      if (ratio && min && max) {
        const limit = max.milliValue() / min.milliValue();
        if (ratio.milliValue() / 1000 > limit) {
          errs.push(
            invalidValue(
              `${path}.maxLimitRequestRatio[${k}]`,
              ratio.toString(),
              `ratio ${ratio} is greater than max/min = ${goFloat(limit)}`,
            ),
          );
        }
      }
      if (!isOvercommitAllowed(k) && def && defReq && def.cmp(defReq) !== 0) {
        errs.push(
          invalidValue(
            `${path}.defaultRequest[${k}]`,
            defReq.toString(),
            `default value ${def} must equal to defaultRequest value ${defReq} in ${k}`,
          ),
        );
      }
    }
  });
  return errs;
}

export const limitRanges: ResourceDefinition = {
  group: '',
  version: 'v1',
  kind: 'LimitRange',
  plural: 'limitranges',
  namespaced: true,
  // the strategy allows create on update (PUT of a missing object creates it)
  allowCreateOnUpdate: true,
  shortNames: ['limits'],
  defaults(obj) {
    for (const item of (obj.spec?.limits ?? []) as LimitItem[]) setItemDefaults(item);
  },
  validate: (obj) => validateLimitRange(obj),
  columns: DEFAULT_COLUMNS,
  row: (obj) => defaultRow(obj),
};
