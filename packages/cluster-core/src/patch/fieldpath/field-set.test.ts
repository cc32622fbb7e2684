import { describe, expect, it } from '@jest/globals';
import { FieldSet } from './field-set';
import {
  fieldElement,
  indexElement,
  keyElement,
  parsePathElement,
  pathString,
  valueElement,
} from './path-element';

const f = fieldElement;

describe('field sets as structured-merge-diff encodes them in FieldsV1', () => {
  it('serializes members, children and the "." marker in path element order', () => {
    const s = FieldSet.of(
      [f('spec'), f('replicas')],
      [f('metadata'), f('labels')],
      [f('metadata'), f('labels'), f('app')],
      [f('spec'), f('containers'), keyElement([['name', 'nginx']])],
      [f('spec'), f('containers'), keyElement([['name', 'nginx']]), f('image')],
      [f('metadata'), f('finalizers'), valueElement('a')],
    );
    const json = s.toFieldsV1();
    expect(JSON.stringify(json)).toBe(
      JSON.stringify({
        'f:metadata': { 'f:finalizers': { 'v:"a"': {} }, 'f:labels': { '.': {}, 'f:app': {} } },
        'f:spec': {
          'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {} } },
          'f:replicas': {},
        },
      }),
    );
    expect(FieldSet.fromFieldsV1(json).toFieldsV1()).toEqual(json);
  });

  it('writes associative keys with fields sorted and values as encoding/json does', () => {
    expect(
      keyElement([
        ['protocol', 'TCP'],
        ['containerPort', 80],
      ]).id,
    ).toBe('k:{"containerPort":80,"protocol":"TCP"}');
    expect(valueElement('<a&b>').id).toBe('v:"\\u003ca\\u0026b\\u003e"');
    expect(parsePathElement('k:{"protocol":"TCP","containerPort":80}')?.id).toBe(
      'k:{"containerPort":80,"protocol":"TCP"}',
    );
    expect(parsePathElement('x:1')).toBeUndefined();
  });

  it('prints paths as conflict messages show them', () => {
    expect(
      pathString([f('spec'), f('containers'), keyElement([['name', 'nginx']]), f('image')]),
    ).toBe('.spec.containers[name="nginx"].image');
    expect(pathString([f('metadata'), f('finalizers'), valueElement('a')])).toBe(
      '.metadata.finalizers[="a"]',
    );
    expect(pathString([f('list'), indexElement(2)])).toBe('.list[2]');
  });

  it('difference removes members level by level; recursive difference removes subtrees', () => {
    const s = FieldSet.of([f('a'), f('b')], [f('a')], [f('c')]);
    const minusA = FieldSet.of([f('a')]);
    expect(s.difference(minusA).toFieldsV1()).toEqual({ 'f:a': { 'f:b': {} }, 'f:c': {} });
    expect(s.recursiveDifference(minusA).toFieldsV1()).toEqual({ 'f:c': {} });
    expect(s.intersection(FieldSet.of([f('a'), f('b')])).toFieldsV1()).toEqual({
      'f:a': { 'f:b': {} },
    });
    expect(s.has([f('a'), f('b')])).toBe(true);
    expect(
      s
        .union(FieldSet.of([f('d')]))
        .paths()
        .map(pathString),
    ).toEqual(['.a', '.c', '.d', '.a.b']);
  });
});
