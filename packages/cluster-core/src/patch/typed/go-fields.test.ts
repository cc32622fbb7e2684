import { describe, expect, test } from '@jest/globals';
import { GO_OMITEMPTY } from './go-omitempty-fields';
import { GO_ZERO_FIELDS } from './go-zero-fields';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { compute } = require('../../../scripts/generate-go-fields.js') as {
  compute(): { omitempty: typeof GO_OMITEMPTY; zero: typeof GO_ZERO_FIELDS };
};

describe('the Go field tables', () => {
  const generated = compute();

  test('go-omitempty-fields.ts is what scripts/generate-go-fields.js computes', () => {
    expect(GO_OMITEMPTY).toEqual(generated.omitempty);
  });

  test('go-zero-fields.ts is what scripts/generate-go-fields.js computes', () => {
    expect(GO_ZERO_FIELDS).toEqual(generated.zero);
  });

  test('they read the Go shapes: pointers, value scalars, slices, structs and TypeMeta', () => {
    expect(GO_OMITEMPTY['io.k8s.api.apps.v1.DeploymentSpec']).toEqual({
      p: 'progressDeadlineSeconds replicas revisionHistoryLimit',
      z: 'minReadySeconds paused',
    });
    expect(GO_OMITEMPTY['io.k8s.api.apps.v1.DeploymentList']).toEqual({ z: 'apiVersion kind' });
    // selector is a pointer without omitempty: Go writes null
    expect(GO_ZERO_FIELDS['io.k8s.api.apps.v1.DeploymentSpec']).toEqual({
      selector: null,
      strategy: {},
      template: {},
    });
    expect(GO_ZERO_FIELDS['io.k8s.api.core.v1.NodeCondition']).toEqual({
      lastHeartbeatTime: null,
      lastTransitionTime: null,
      status: '',
      type: '',
    });
  });
});
