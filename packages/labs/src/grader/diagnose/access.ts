/** Why a subject may not (or may) do something: the RBAC bindings that name it, and what they grant. */
import type { KubeClient, KubeObject } from '../../client/kube-client';
import { type Text, text } from '../text';

interface Attributes {
  verb: string;
  resource: string;
  group: string;
  subresource: string;
  namespace: string;
}

/** Whether a binding subject names this identity directly (bootstrap `system:` groups do not count: every user has them). */
function names(
  subject: { kind?: string; name?: string; namespace?: string },
  who: { user: string; groups: string[] },
  bindingNs?: string,
): boolean {
  if (subject.kind === 'User') return subject.name === who.user;
  if (subject.kind === 'Group')
    return !subject.name?.startsWith('system:') && who.groups.includes(subject.name ?? '');
  if (subject.kind === 'ServiceAccount')
    return who.user === `system:serviceaccount:${subject.namespace ?? bindingNs}:${subject.name}`;
  return false;
}

function describeRules(role: KubeObject | undefined): string {
  const rules = (role?.rules ?? []) as {
    verbs?: string[];
    resources?: string[];
    apiGroups?: string[];
  }[];
  if (!rules.length) return 'nothing';
  return rules
    .map(
      (r) =>
        `${(r.verbs ?? []).join(',')} ${(r.resources ?? []).map((res) => (r.apiGroups?.[0] ? `${res}.${r.apiGroups[0]}` : res)).join(',')}`,
    )
    .join('; ');
}

export async function diagnoseAccess(
  client: KubeClient,
  who: { user: string; groups: string[]; label: string },
  attrs: Attributes,
  allowed: boolean,
): Promise<Text | undefined> {
  const rb = await client.resource('RoleBinding');
  const crb = await client.resource('ClusterRoleBinding');
  const roles = await client.resource('Role');
  const clusterRoles = await client.resource('ClusterRole');
  if (!rb || !crb || !roles || !clusterRoles) return undefined;
  const bindings = [
    ...(attrs.namespace ? await client.list(rb, { namespace: attrs.namespace }) : []),
    ...(await client.list(crb)),
  ].filter((b) =>
    ((b.subjects ?? []) as { kind?: string; name?: string; namespace?: string }[]).some((s) =>
      names(s, who, b.metadata.namespace),
    ),
  );
  const resource = `${attrs.resource}${attrs.group ? `.${attrs.group}` : ''}${attrs.subresource ? `/${attrs.subresource}` : ''}`;
  if (!bindings.length) {
    return allowed
      ? undefined
      : text(
          `No RoleBinding${attrs.namespace ? ` in namespace ${attrs.namespace}` : ''} or ClusterRoleBinding names ${who.label}, so nothing grants it ${attrs.verb} ${resource}.`,
          `${attrs.namespace ? `命名空间 ${attrs.namespace} 中` : ''}没有 RoleBinding 或 ClusterRoleBinding 绑定到 ${who.label}，因此没有任何授权允许它 ${attrs.verb} ${resource}。`,
        );
  }
  const described: string[] = [];
  for (const b of bindings.slice(0, 3)) {
    const ref = b.roleRef ?? {};
    const role =
      ref.kind === 'Role'
        ? await client.get(roles, b.metadata.namespace, ref.name)
        : await client.get(clusterRoles, undefined, ref.name);
    described.push(
      `${b.kind} ${b.metadata.name} → ${ref.kind} ${ref.name}${role ? ` (${describeRules(role)})` : ' (which does not exist)'}`,
    );
  }
  return allowed
    ? text(
        `${who.label} is granted it by: ${described.join('; ')}.`,
        `${who.label} 通过以下绑定获得了该权限：${described.join('；')}。`,
      )
    : text(
        `${who.label} is bound by ${described.join('; ')}, none of which allows ${attrs.verb} ${resource}.`,
        `${who.label} 的绑定为 ${described.join('；')}，其中没有允许 ${attrs.verb} ${resource} 的规则。`,
      );
}
