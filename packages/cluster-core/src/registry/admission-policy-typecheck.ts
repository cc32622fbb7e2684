/**
 * The type checking a ValidatingAdmissionPolicy's status reports (k8s.io/apiserver
 * admission/plugin/policy/validating/typechecking.go): each validation expression and
 * messageExpression checked against the OpenAPI schema of every kind its resourceRules name.
 * What is checked here is what learners trip on: field selections on `object` and `oldObject`
 * that the kind's schema does not have (`undefined field 'replicas'`).
 */
import type { ASTNode } from '@marcbachmann/cel-js';
import {
  builtinDefinition,
  builtinDefinitionNameForGVK,
  refName,
  type Schema,
} from '../openapi/definitions';
import { caret, compile } from './admission-policy-cel';
import type { MatchResources } from './admission-policy-matching';
import type { ResourceMapping, StrategyContext } from './types';

/** typechecking.go maxTypesToCheck */
const MAX_TYPES_TO_CHECK = 10;

/** typesToCheck: the kinds of the resourceRules without wildcards, sorted by group, version, kind. */
function typesToCheck(mc: MatchResources | undefined, ctx: StrategyContext): ResourceMapping[] {
  const found = new Map<string, ResourceMapping>();
  for (const rule of mc?.resourceRules ?? []) {
    const groups = rule.apiGroups ?? [];
    const versions = rule.apiVersions ?? [];
    if (groups.some((g) => g.includes('*')) || versions.some((v) => v.includes('*'))) continue;
    const resources = (rule.resources ?? []).filter((r) => !/[*/]/.test(r));
    let count = 0;
    for (const group of [...groups].sort())
      for (const version of [...versions].sort())
        for (const plural of [...resources].sort()) {
          const m = ctx.mapping?.({ group, version, plural });
          if (!m) continue;
          found.set(`${m.group}/${m.version}/${m.kind}`, m);
          if (++count === MAX_TYPES_TO_CHECK) return sorted(found);
        }
  }
  return sorted(found);
}

function sorted(found: Map<string, ResourceMapping>): ResourceMapping[] {
  return [...found.values()].sort(
    (a, b) =>
      a.group.localeCompare(b.group) ||
      a.version.localeCompare(b.version) ||
      a.kind.localeCompare(b.kind),
  );
}

function resolve(schema: Schema | undefined): Schema | undefined {
  let s = schema;
  for (let i = 0; s && i < 5; i++) {
    const ref = s.$ref ?? s.allOf?.[0]?.$ref;
    if (!ref) return s;
    s = builtinDefinition(refName(ref));
  }
  return s;
}

/** A node's schema when it is a field path under object/oldObject; undefined when untyped. */
type Typed = Schema | undefined;

interface Issue {
  offset: number;
  message: string;
}

function checkAst(ast: ASTNode, root: Schema): Issue[] {
  const issues: Issue[] = [];
  const typed = new Map<unknown, Typed>();
  const typeOf = (node: unknown): Typed => {
    if (typed.has(node)) return typed.get(node);
    let result: Typed;
    const n = node as { op?: string; args?: unknown; pos?: number };
    if (n.op === 'id' && (n.args === 'object' || n.args === 'oldObject')) result = root;
    else if ((n.op === '.' || n.op === '.?') && Array.isArray(n.args)) {
      const [target, field] = n.args as [unknown, string];
      const parent = resolve(typeOf(target));
      if (parent?.properties && !parent.additionalProperties) {
        result = parent.properties[field];
        if (!result)
          issues.push({ offset: (n.pos ?? 1) - 1, message: `undefined field '${field}'` });
      } else if (parent && typeof parent.additionalProperties === 'object')
        result = parent.additionalProperties;
    } else if ((n.op === '[]' || n.op === '[?]') && Array.isArray(n.args)) {
      const parent = resolve(typeOf(n.args[0]));
      if (parent?.items) result = parent.items;
      else if (parent && typeof parent.additionalProperties === 'object')
        result = parent.additionalProperties;
    }
    typed.set(node, result);
    return result;
  };
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) visit(v);
      return;
    }
    if (!value || typeof value !== 'object' || !('op' in value)) return;
    typeOf(value);
    visit((value as { args?: unknown }).args);
  };
  visit(ast);
  return issues;
}

/** TypeCheckingResults.String() for one expression over the kinds, '' when nothing is wrong. */
function checkExpression(expression: string, kinds: ResourceMapping[], hasParams: boolean): string {
  const compiled = compile(expression, hasParams);
  if (!compiled.ast) return '';
  const results: string[] = [];
  for (const k of kinds) {
    const name = builtinDefinitionNameForGVK(k.group, k.version, k.kind);
    const root = name ? builtinDefinition(name) : undefined;
    if (!root) continue;
    const issues = checkAst(compiled.ast, root);
    if (!issues.length) continue;
    const text = issues
      .map((i) => {
        const at = caret(expression, i.offset);
        return `ERROR: <input>:${at.line}:${at.column}: ${i.message}${at.text}`;
      })
      .join('\n');
    const gv = k.group ? `${k.group}/${k.version}` : k.version;
    results.push(`${gv}, Kind=${k.kind}: ${text}\n`);
  }
  return results.join('\n');
}

/** TypeChecker.Check: the status.typeChecking.expressionWarnings of a policy. */
export function expressionWarnings(
  spec: {
    matchConstraints?: MatchResources;
    paramKind?: unknown;
    validations?: Array<{ expression?: string; messageExpression?: string }>;
  },
  ctx: StrategyContext,
): Array<{ fieldRef: string; warning: string }> {
  const kinds = typesToCheck(spec.matchConstraints, ctx);
  if (!kinds.length) return [];
  const hasParams = spec.paramKind != null;
  const warnings: Array<{ fieldRef: string; warning: string }> = [];
  (spec.validations ?? []).forEach((v, i) => {
    const w = v.expression ? checkExpression(v.expression, kinds, hasParams) : '';
    if (w) warnings.push({ fieldRef: `spec.validations[${i}].expression`, warning: w });
    const m = v.messageExpression ? checkExpression(v.messageExpression, kinds, hasParams) : '';
    if (m) warnings.push({ fieldRef: `spec.validations[${i}].messageExpression`, warning: m });
  });
  return warnings;
}
