/**
 * kube-apiserver's API Priority and Fairness configuration: the config controller's Dangling
 * condition on every FlowSchema (k8s.io/apiserver/pkg/util/flowcontrol apf_controller.go
 * presyncFlowSchemaStatus), and the bootstrap ensurer putting back a mandatory object
 * (`exempt`, `catch-all`) that was deleted (pkg/registry/flowcontrol/ensurer).
 */
import type { KubeObject } from '../api/object';
import { rfc3339 } from '../clock';
import {
  BOOTSTRAP_FLOW_SCHEMAS,
  BOOTSTRAP_PRIORITY_LEVELS,
  MANDATORY_NAMES,
} from '../registry/flowcontrol-bootstrap';
import type { ControllerContext } from './controller-context';
import { keyOf, type Reconciler } from './reconciler';

const GROUP = 'flowcontrol.apiserver.k8s.io';

function ensureMandatory(
  ctx: ControllerContext,
  plural: string,
  bootstrap: KubeObject[],
  name: string,
): void {
  if (!MANDATORY_NAMES.includes(name) || ctx.get(GROUP, plural, undefined, name)) return;
  const proto = bootstrap.find((o) => o.metadata.name === name);
  if (proto) ctx.create(GROUP, plural, structuredClone(proto));
}

export const flowSchemaStatusController: Reconciler = {
  name: 'api-priority-and-fairness-config-consumer',
  primary: `${GROUP}/flowschemas`,
  watches: [
    {
      resource: `${GROUP}/prioritylevelconfigurations`,
      keys: (change, ctx) =>
        ctx
          .list(GROUP, 'flowschemas')
          .filter((fs) => fs.spec?.priorityLevelConfiguration?.name === change.object.metadata.name)
          .map(keyOf),
    },
  ],
  reconcile(key, ctx) {
    ensureMandatory(ctx, 'flowschemas', BOOTSTRAP_FLOW_SCHEMAS, key);
    const fs = ctx.get(GROUP, 'flowschemas', undefined, key);
    if (!fs || fs.metadata.deletionTimestamp) return;
    const plName: string = fs.spec?.priorityLevelConfiguration?.name ?? '';
    const dangling = !ctx.get(GROUP, 'prioritylevelconfigurations', undefined, plName);
    const status = dangling ? 'True' : 'False';
    const reason = dangling ? 'NotFound' : 'Found';
    const message = dangling
      ? `This FlowSchema references the PriorityLevelConfiguration object named "${plName}" but there is no such object`
      : `This FlowSchema references the PriorityLevelConfiguration object named "${plName}" and it exists`;
    const conditions: Array<Record<string, unknown>> = fs.status?.conditions ?? [];
    const current = conditions.find((c) => c.type === 'Dangling');
    if (current?.status === status && current.reason === reason && current.message === message)
      return;
    const condition = {
      type: 'Dangling',
      status,
      lastTransitionTime: rfc3339(ctx.now()),
      reason,
      message,
    };
    ctx.mutate(
      GROUP,
      'flowschemas',
      fs,
      (o) => {
        o.status = { conditions: [...conditions.filter((c) => c.type !== 'Dangling'), condition] };
      },
      true,
    );
  },
};

export const priorityLevelEnsurer: Reconciler = {
  name: 'api-priority-and-fairness-config-producer',
  primary: `${GROUP}/prioritylevelconfigurations`,
  reconcile(key, ctx) {
    ensureMandatory(ctx, 'prioritylevelconfigurations', BOOTSTRAP_PRIORITY_LEVELS, key);
  },
};
