import { describe, expect, test } from '@jest/globals';
import {
  builtinDefinition,
  builtinDefinitionNameForGVK,
  customResourceDefinitionName,
} from './definitions';

describe('generated definitions', () => {
  test('DeploymentSpec carries upstream descriptions, types, refs and required fields', () => {
    const spec = builtinDefinition('io.k8s.api.apps.v1.DeploymentSpec');
    expect(spec?.description).toBe(
      'DeploymentSpec is the specification of the desired behavior of the Deployment.',
    );
    expect(spec?.type).toBe('object');
    expect(spec?.required).toEqual(['selector', 'template']);
    expect(spec?.properties?.replicas).toMatchObject({ type: 'integer' });
    expect(spec?.properties?.replicas.description).toMatch(/^Number of desired pods\./);
    expect(spec?.properties?.selector.$ref).toBe(
      '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector',
    );
    expect(spec?.properties?.strategy).toMatchObject({
      'x-kubernetes-patch-strategy': 'retainKeys',
    });
  });

  test('enum values come from the literal unions, with the upstream "Possible enum values" text', () => {
    const strategy = builtinDefinition('io.k8s.api.apps.v1.DeploymentStrategy');
    expect(strategy?.properties?.type.enum).toEqual(['Recreate', 'RollingUpdate']);
    expect(strategy?.properties?.type.description).toContain(
      '\n\nPossible enum values:\n - `"Recreate"` Kill all existing pods',
    );
  });

  test('container lists carry the patch merge keys and list-map keys of k8s.io/api', () => {
    const container = builtinDefinition('io.k8s.api.core.v1.Container');
    expect(container?.properties?.ports).toMatchObject({
      type: 'array',
      items: { $ref: '#/definitions/io.k8s.api.core.v1.ContainerPort' },
      'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-patch-merge-key': 'containerPort',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['containerPort', 'protocol'],
    });
    expect(container?.properties?.env).toMatchObject({ 'x-kubernetes-patch-merge-key': 'name' });
    const pod = builtinDefinition('io.k8s.api.core.v1.PodSpec');
    expect(pod?.properties?.volumes['x-kubernetes-patch-strategy']).toBe('merge,retainKeys');
    expect(pod?.properties?.tolerations['x-kubernetes-list-type']).toBe('atomic');
    const meta = builtinDefinition('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
    expect(meta?.properties?.finalizers).toMatchObject({
      'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-list-type': 'set',
    });
    expect(meta?.properties?.ownerReferences['x-kubernetes-patch-merge-key']).toBe('uid');
    expect(
      builtinDefinition('io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector')?.[
        'x-kubernetes-map-type'
      ],
    ).toBe('atomic');
  });

  test('special apimachinery types are declared as upstream declares them', () => {
    expect(builtinDefinition('io.k8s.apimachinery.pkg.util.intstr.IntOrString')).toMatchObject({
      type: 'string',
      format: 'int-or-string',
    });
    expect(builtinDefinition('io.k8s.apimachinery.pkg.apis.meta.v1.Time')).toMatchObject({
      type: 'string',
      format: 'date-time',
    });
    expect(builtinDefinition('io.k8s.apimachinery.pkg.api.resource.Quantity')?.description).toMatch(
      /^Quantity is a fixed-point representation of a number\./,
    );
    expect(
      builtinDefinition('io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON')?.type,
    ).toBeUndefined();
    expect(builtinDefinition('io.k8s.apimachinery.pkg.runtime.RawExtension')?.type).toBe('object');
  });

  test('kinds carry x-kubernetes-group-version-kind and standard apiVersion/kind fields', () => {
    const deployment = builtinDefinition('io.k8s.api.apps.v1.Deployment');
    expect(deployment?.['x-kubernetes-group-version-kind']).toEqual([
      { group: 'apps', kind: 'Deployment', version: 'v1' },
    ]);
    expect(deployment?.properties?.kind.description).toMatch(
      /^Kind is a string value representing the REST resource/,
    );
    expect(deployment?.required).toBeUndefined();
    expect(builtinDefinitionNameForGVK('', 'v1', 'Pod')).toBe('io.k8s.api.core.v1.Pod');
    expect(builtinDefinitionNameForGVK('autoscaling', 'v2', 'HorizontalPodAutoscaler')).toBe(
      'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler',
    );
    expect(builtinDefinitionNameForGVK('apps', 'v1', 'DeleteOptions')).toBe(
      'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions',
    );
  });

  test('StatefulSet volumeClaimTemplates reference PersistentVolumeClaim', () => {
    const spec = builtinDefinition('io.k8s.api.apps.v1.StatefulSetSpec');
    expect(spec?.properties?.volumeClaimTemplates.items?.$ref).toBe(
      '#/definitions/io.k8s.api.core.v1.PersistentVolumeClaim',
    );
  });

  test('CRD-defined kinds are named with the group reversed', () => {
    expect(customResourceDefinitionName('stable.example.com', 'v1', 'CronTab')).toBe(
      'com.example.stable.v1.CronTab',
    );
  });
});
