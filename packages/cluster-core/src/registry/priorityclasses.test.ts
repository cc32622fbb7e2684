import { StatusError } from '../api/errors';
import type { KubeObject } from '../api/object';
import { fakeContext } from './fake-strategy-context';
import { priorityClasses } from './priorityclasses';

const pc = (
  name: string,
  value: number,
  extra: Record<string, unknown> = {},
  uid = `uid-${name}`,
): KubeObject => ({
  apiVersion: 'scheduling.k8s.io/v1',
  kind: 'PriorityClass',
  metadata: { name, uid },
  value,
  preemptionPolicy: 'PreemptLowerPriority',
  ...extra,
});
const existing = (...objects: KubeObject[]) =>
  fakeContext(
    objects.map((object) => ({ group: 'scheduling.k8s.io', plural: 'priorityclasses', object })),
  );

describe('PriorityClass validation and the Priority admission plugin', () => {
  test('system- names must be a known system class, with its value and no global default', () => {
    const msg = (obj: KubeObject) =>
      (priorityClasses.validate?.(obj, existing()) ?? []).map((e) => e.message());
    expect(msg(pc('system-foo', 10))).toEqual([
      "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-foo is not a known system priority class",
    ]);
    expect(msg(pc('system-node-critical', 10))).toEqual([
      "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: value of system-node-critical PriorityClass must be 2000001000",
    ]);
    expect(msg(pc('system-node-critical', 2_000_001_000))).toEqual([]);
    expect(msg(pc('high', 2_000_000_000))).toEqual([
      'value: Forbidden: maximum allowed value of a user defined priority is 1000000000',
    ]);
  });

  test('a second global default is Forbidden by admission; the default itself may be updated', () => {
    const ctx = existing(pc('low', 10, { globalDefault: true }));
    let thrown: unknown;
    try {
      priorityClasses.validate?.(pc('other', 20, { globalDefault: true }), ctx);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(StatusError);
    expect((thrown as StatusError).code).toBe(403);
    expect((thrown as StatusError).message).toBe(
      'priorityclasses.scheduling.k8s.io "other" is forbidden: PriorityClass low is already marked as default. Only one default can exist',
    );
    expect(
      priorityClasses.validate?.(
        pc('low', 10, { globalDefault: true, description: 'changed' }),
        ctx,
      ),
    ).toEqual([]);
  });
});
