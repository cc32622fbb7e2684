/**
 * kubectl describe of every kind the API server serves, as test/cmd's describe_object_assert /
 * describe_resource_assert check them: the describer's sections are there, the related objects it
 * looks up (events, endpoints, pods, replica sets, quotas) resolve, and nothing prints
 * `<unknown>` where a real cluster has data.
 */
import { eventually, KUBECTL_VERSIONS, startCluster, type TestCluster } from './harness';
import { nsFor } from './upstream-fixtures';

describe.each(KUBECTL_VERSIONS)('kubectl %s describe of every kind', (version) => {
  let t: TestCluster;
  const ns = nsFor('describe', version);
  const ok = (args: string[], stdin?: string) => t.ok(['-n', ns, ...args], { version, stdin });
  const describe = (...ref: string[]) => ok(['describe', ...ref]);

  beforeAll(async () => {
    t = await startCluster();
    await t.ok(['create', 'namespace', ns], { version });
    await ok(['apply', '-f', '-'], OBJECTS);
    await ok(['create', 'deployment', 'web', '--image=nginx', '--replicas=2']);
    await ok(['expose', 'deployment', 'web', '--port=80']);
    await ok(['create', 'job', 'once', '--image=busybox', '--', 'date']);
    await eventually(
      () => ok(['get', 'deployment', 'web', '-o', 'jsonpath={.status.availableReplicas}']),
      (v) => v === '2',
      30_000,
    );
  });
  afterAll(async () => {
    await t.close();
  });

  test.each([
    [
      'pods',
      [
        'Name:',
        'Namespace:',
        'Priority:',
        'Service Account:',
        'Node:',
        'Start Time:',
        'Labels:',
        'Status:',
        'IP:',
        'Controlled By:',
        'Containers:',
        'Conditions:',
        'Volumes:',
        'QoS Class:',
        'Tolerations:',
        'Events:',
      ],
    ],
    [
      'deployment/web',
      [
        'Selector:',
        'Replicas:',
        'StrategyType:',
        'RollingUpdateStrategy:',
        'Pod Template:',
        'Conditions:',
        'NewReplicaSet:',
        'Events:',
      ],
    ],
    [
      'replicasets',
      ['Controlled By:  Deployment/web', 'Replicas:', 'Pods Status:', 'Pod Template:', 'Events:'],
    ],
    [
      'service/web',
      [
        'Selector:',
        'Type:',
        'IP Family Policy:',
        'IP Families:',
        'IP:',
        'IPs:',
        'Port:',
        'TargetPort:',
        'Endpoints:',
        'Session Affinity:',
        'Events:',
      ],
    ],
    ['endpoints/web', ['Subsets:', 'Addresses:', 'Ports:']],
    [
      'job/once',
      [
        'Parallelism:',
        'Completions:',
        'Completion Mode:',
        'Pods Statuses:',
        'Pod Template:',
        'Events:',
      ],
    ],
    [
      'cronjob/tick',
      [
        'Schedule:',
        'Concurrency Policy:',
        'Suspend:',
        'Successful Job History Limit:',
        'Failed Job History Limit:',
        'Pod Template:',
        'Active Jobs:',
      ],
    ],
    [
      'daemonset/agent',
      ['Selector:', 'Desired Number of Nodes Scheduled:', 'Pods Status:', 'Pod Template:'],
    ],
    [
      'statefulset/db',
      ['Replicas:', 'Update Strategy:', 'Pods Status:', 'Pod Template:', 'Volume Claims:'],
    ],
    ['configmap/settings', ['Data\n====\ncolor:\n----\nblue']],
    ['secret/creds', ['Type:  Opaque', 'Data\n====\npassword:  6 bytes']],
    ['serviceaccount/default', ['Mountable secrets:', 'Tokens:', 'Events:']],
    ['ingress/site', ['Ingress Class:', 'Default backend:', 'Rules:', 'foo.com', '/   web:80 (']],
    ['networkpolicy/deny', ['PodSelector:', 'Allowing ingress traffic:', 'Policy Types: Ingress']],
    [
      'persistentvolumeclaim/data',
      ['Status:', 'Volume:', 'Capacity:', 'Access Modes:', 'VolumeMode:', 'Used By:'],
    ],
    ['limitrange/limits', ['Container   cpu       -    -    100m             200m']],
    ['resourcequota/quota', ['Resource', 'pods']],
    ['role/reader', ['PolicyRule:', 'pods       []                 []              [get list]']],
    ['rolebinding/reader', ['Role:\n  Kind:  Role\n  Name:  reader', 'ServiceAccount  default  ']],
    ['poddisruptionbudget/db', ['Min available:  1', 'Allowed disruptions:']],
  ])('describe %s shows its sections and no <unknown>', async (ref, sections) => {
    const out = await describe(ref);
    for (const s of sections) expect(out).toContain(s);
    expect(out).not.toContain('<unknown>');
  });

  test('describe horizontalpodautoscaler shows its metric once the controller has read it', async () => {
    const out = await eventually(
      () => describe('horizontalpodautoscaler/web'),
      (o) => !o.includes('<unknown>'),
      40_000,
    );
    for (const s of [
      'Reference:',
      'Metrics:',
      'Min replicas:',
      'Max replicas:',
      'Deployment pods:',
      'Conditions:',
    ])
      expect(out).toContain(s);
    expect(out).toMatch(
      /resource cpu on pods\s+\(as a percentage of request\):\s+\d+% \(\d+m\) \/ 50%/,
    );
  });

  test.each([
    [
      'node/node01',
      [
        'Roles:',
        'Labels:',
        'CreationTimestamp:',
        'Taints:',
        'Unschedulable:',
        'Conditions:',
        'Addresses:',
        'Capacity:',
        'Allocatable:',
        'System Info:',
        'PodCIDR:',
        'Non-terminated Pods:',
        'Allocated resources:',
      ],
    ],
    [`namespace/${'NS'}`, ['Status:       Active', 'Resource Quotas', 'Resource Limits']],
    ['persistentvolume/data-pv', ['Reclaim Policy:', 'Access Modes:', 'Capacity:', 'Source:']],
    ['storageclass/slow', ['Provisioner:', 'ReclaimPolicy:', 'VolumeBindingMode:']],
    ['clusterrole/view', ['PolicyRule:']],
    [
      'clusterrolebinding/cluster-admin',
      ['Role:\n  Kind:  ClusterRole\n  Name:  cluster-admin', 'Group  system:masters'],
    ],
    ['priorityclass/system-node-critical', ['Value:', 'GlobalDefault:', 'PreemptionPolicy:']],
  ])('describe cluster-scoped %s shows its sections and no <unknown>', async (ref, sections) => {
    const out = await t.ok(['describe', ref.replace('NS', ns)], { version });
    for (const s of sections) expect(out).toContain(s);
    expect(out).not.toContain('<unknown>');
  });

  test('describe of a whole kind describes every object, --show-events=false drops the events', async () => {
    const all = await describe('configmaps');
    expect(all).toContain('Name:         settings');
    expect(all).toContain('Name:         kube-root-ca.crt');
    expect(await describe('deployment/web')).toMatch(
      /\nEvents:\n {2}Type {4}Reason {13}Age {3}From {19}Message\n/,
    );
    expect(await describe('deployment/web', '--show-events=false')).not.toContain('Events:');
  });
});

const OBJECTS = `apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {color: blue}
---
apiVersion: v1
kind: Secret
metadata: {name: creds}
stringData: {password: s3cr3t}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: c, image: nginx}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 1
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: c, image: nginx}]}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: tick}
spec:
  schedule: "0 0 1 1 *"
  jobTemplate:
    spec:
      template:
        spec: {restartPolicy: OnFailure, containers: [{name: c, image: busybox, command: [date]}]}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: site}
spec:
  rules:
  - host: foo.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend: {service: {name: web, port: {number: 80}}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
  - from: [{podSelector: {matchLabels: {role: fe}}}]
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: data-pv}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  hostPath: {path: /tmp/data-pv}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
  storageClassName: ""
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: slow}
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
---
apiVersion: v1
kind: LimitRange
metadata: {name: limits}
spec:
  limits:
  - type: Container
    default: {cpu: 200m}
    defaultRequest: {cpu: 100m}
---
apiVersion: v1
kind: ResourceQuota
metadata: {name: quota}
spec:
  hard: {pods: "20"}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader}
rules: [{apiGroups: [""], resources: [pods], verbs: [get, list]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: reader}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
subjects: [{kind: ServiceAccount, name: default}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: db}
spec: {minAvailable: 1, selector: {matchLabels: {app: db}}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 4
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
`;
