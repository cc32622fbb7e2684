/**
 * The kube-system workloads of a fresh kubeadm cluster, so `kubectl get pods -n kube-system`
 * looks as learners know it: the control plane's static pods (mirror pods `etcd-controlplane`,
 * `kube-apiserver-controlplane`, ... with kubeadm's flags, which CKA tasks grep for), the
 * CoreDNS Deployment (2 replicas) and the kube-proxy DaemonSet, with their ConfigMaps and
 * ServiceAccounts (kubeadm phases controlplane, etcd, addon/coredns, addon/kube-proxy).
 */
import { createHash } from 'node:crypto';
import type { KubeObject } from '../api/object';
import { rfc3339Micro } from '../clock';
import type { ControllerContext } from '../controllers/controller-context';
import { KUBELET_VERSION, type SimulatedNode } from './node-objects';

const NS = 'kube-system';
const COREDNS_IMAGE = 'registry.k8s.io/coredns/coredns:v1.12.0';
const SERVICE_CIDR = '10.96.0.0/12';
const POD_CIDR = '10.244.0.0/16';

// biome-ignore lint/suspicious/noExplicitAny: manifests are free-form JSON
type Json = Record<string, any>;

const hostPath = (name: string, path: string, type = 'DirectoryOrCreate') => ({
  name,
  hostPath: { path, type },
});
const probe = (
  path: string,
  port: number,
  host: string,
  scheme: string,
  initial: number,
  failures: number,
) => ({
  failureThreshold: failures,
  httpGet: { host, path, port, scheme },
  initialDelaySeconds: initial,
  periodSeconds: 10,
  timeoutSeconds: 15,
});

const CA_VOLUMES = [
  hostPath('ca-certs', '/etc/ssl/certs'),
  hostPath('etc-ca-certificates', '/etc/ca-certificates'),
  hostPath('k8s-certs', '/etc/kubernetes/pki'),
  hostPath('usr-local-share-ca-certificates', '/usr/local/share/ca-certificates'),
  hostPath('usr-share-ca-certificates', '/usr/share/ca-certificates'),
];

function staticPods(ip: string): {
  component: string;
  image: string;
  command: string[];
  cpu: string;
  memory?: string;
  volumes: Json[];
  probes: Json;
  annotations?: Record<string, string>;
}[] {
  const pki = '/etc/kubernetes/pki';
  return [
    {
      component: 'etcd',
      image: 'registry.k8s.io/etcd:3.5.21-0',
      command: [
        'etcd',
        `--advertise-client-urls=https://${ip}:2379`,
        `--cert-file=${pki}/etcd/server.crt`,
        '--client-cert-auth=true',
        '--data-dir=/var/lib/etcd',
        '--experimental-initial-corrupt-check=true',
        '--experimental-watch-progress-notify-interval=5s',
        `--initial-advertise-peer-urls=https://${ip}:2380`,
        `--initial-cluster=controlplane=https://${ip}:2380`,
        `--key-file=${pki}/etcd/server.key`,
        `--listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379`,
        '--listen-metrics-urls=http://127.0.0.1:2381',
        `--listen-peer-urls=https://${ip}:2380`,
        '--name=controlplane',
        `--peer-cert-file=${pki}/etcd/peer.crt`,
        '--peer-client-cert-auth=true',
        `--peer-key-file=${pki}/etcd/peer.key`,
        `--peer-trusted-ca-file=${pki}/etcd/ca.crt`,
        '--snapshot-count=10000',
        `--trusted-ca-file=${pki}/etcd/ca.crt`,
      ],
      cpu: '100m',
      memory: '100Mi',
      volumes: [hostPath('etcd-certs', `${pki}/etcd`), hostPath('etcd-data', '/var/lib/etcd')],
      probes: {
        livenessProbe: probe('/livez', 2381, '127.0.0.1', 'HTTP', 10, 8),
        readinessProbe: {
          ...probe('/readyz', 2381, '127.0.0.1', 'HTTP', 0, 3),
          initialDelaySeconds: undefined,
          periodSeconds: 1,
        },
        startupProbe: probe('/readyz', 2381, '127.0.0.1', 'HTTP', 10, 24),
      },
      annotations: { 'kubeadm.kubernetes.io/etcd.advertise-client-urls': `https://${ip}:2379` },
    },
    {
      component: 'kube-apiserver',
      image: `registry.k8s.io/kube-apiserver:${KUBELET_VERSION}`,
      command: [
        'kube-apiserver',
        `--advertise-address=${ip}`,
        '--allow-privileged=true',
        '--authorization-mode=Node,RBAC',
        `--client-ca-file=${pki}/ca.crt`,
        '--enable-admission-plugins=NodeRestriction',
        '--enable-bootstrap-token-auth=true',
        `--etcd-cafile=${pki}/etcd/ca.crt`,
        `--etcd-certfile=${pki}/apiserver-etcd-client.crt`,
        `--etcd-keyfile=${pki}/apiserver-etcd-client.key`,
        '--etcd-servers=https://127.0.0.1:2379',
        `--kubelet-client-certificate=${pki}/apiserver-kubelet-client.crt`,
        `--kubelet-client-key=${pki}/apiserver-kubelet-client.key`,
        '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname',
        `--proxy-client-cert-file=${pki}/front-proxy-client.crt`,
        `--proxy-client-key-file=${pki}/front-proxy-client.key`,
        '--requestheader-allowed-names=front-proxy-client',
        `--requestheader-client-ca-file=${pki}/front-proxy-ca.crt`,
        '--requestheader-extra-headers-prefix=X-Remote-Extra-',
        '--requestheader-group-headers=X-Remote-Group',
        '--requestheader-username-headers=X-Remote-User',
        '--secure-port=6443',
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        `--service-account-key-file=${pki}/sa.pub`,
        `--service-account-signing-key-file=${pki}/sa.key`,
        `--service-cluster-ip-range=${SERVICE_CIDR}`,
        `--tls-cert-file=${pki}/apiserver.crt`,
        `--tls-private-key-file=${pki}/apiserver.key`,
      ],
      cpu: '250m',
      volumes: CA_VOLUMES,
      probes: {
        livenessProbe: probe('/livez', 6443, ip, 'HTTPS', 10, 8),
        readinessProbe: {
          ...probe('/readyz', 6443, ip, 'HTTPS', 0, 3),
          initialDelaySeconds: undefined,
          periodSeconds: 1,
        },
        startupProbe: probe('/livez', 6443, ip, 'HTTPS', 10, 24),
      },
      annotations: {
        'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': `${ip}:6443`,
      },
    },
    {
      component: 'kube-controller-manager',
      image: `registry.k8s.io/kube-controller-manager:${KUBELET_VERSION}`,
      command: [
        'kube-controller-manager',
        '--allocate-node-cidrs=true',
        '--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf',
        '--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf',
        '--bind-address=127.0.0.1',
        `--client-ca-file=${pki}/ca.crt`,
        `--cluster-cidr=${POD_CIDR}`,
        '--cluster-name=kubernetes',
        `--cluster-signing-cert-file=${pki}/ca.crt`,
        `--cluster-signing-key-file=${pki}/ca.key`,
        '--controllers=*,bootstrapsigner,tokencleaner',
        '--kubeconfig=/etc/kubernetes/controller-manager.conf',
        '--leader-elect=true',
        `--requestheader-client-ca-file=${pki}/front-proxy-ca.crt`,
        `--root-ca-file=${pki}/ca.crt`,
        `--service-account-private-key-file=${pki}/sa.key`,
        `--service-cluster-ip-range=${SERVICE_CIDR}`,
        '--use-service-account-credentials=true',
      ],
      cpu: '200m',
      volumes: [
        ...CA_VOLUMES.slice(0, 2),
        hostPath('flexvolume-dir', '/usr/libexec/kubernetes/kubelet-plugins/volume/exec'),
        ...CA_VOLUMES.slice(2, 3),
        hostPath('kubeconfig', '/etc/kubernetes/controller-manager.conf', 'FileOrCreate'),
        ...CA_VOLUMES.slice(3),
      ],
      probes: {
        livenessProbe: probe('/healthz', 10257, '127.0.0.1', 'HTTPS', 10, 8),
        startupProbe: probe('/healthz', 10257, '127.0.0.1', 'HTTPS', 10, 24),
      },
    },
    {
      component: 'kube-scheduler',
      image: `registry.k8s.io/kube-scheduler:${KUBELET_VERSION}`,
      command: [
        'kube-scheduler',
        '--authentication-kubeconfig=/etc/kubernetes/scheduler.conf',
        '--authorization-kubeconfig=/etc/kubernetes/scheduler.conf',
        '--bind-address=127.0.0.1',
        '--kubeconfig=/etc/kubernetes/scheduler.conf',
        '--leader-elect=true',
      ],
      cpu: '100m',
      volumes: [hostPath('kubeconfig', '/etc/kubernetes/scheduler.conf', 'FileOrCreate')],
      probes: {
        livenessProbe: probe('/livez', 10259, '127.0.0.1', 'HTTPS', 10, 8),
        readinessProbe: {
          ...probe('/readyz', 10259, '127.0.0.1', 'HTTPS', 0, 3),
          initialDelaySeconds: undefined,
          periodSeconds: 1,
        },
        startupProbe: probe('/livez', 10259, '127.0.0.1', 'HTTPS', 10, 24),
      },
    },
  ];
}

/** Mount paths of a static pod's hostPath volumes (the same path inside). */
function mounts(volumes: Json[], component: string): Json[] {
  return volumes.map((v) => {
    const m: Json = { mountPath: v.hostPath.path, name: v.name };
    if (component !== 'etcd' && v.name !== 'flexvolume-dir' && v.name !== 'kubeconfig')
      m.readOnly = true;
    if (v.name === 'kubeconfig') m.readOnly = true;
    return m;
  });
}

function mirrorPod(
  node: KubeObject,
  spec: ReturnType<typeof staticPods>[number],
  now: number,
): KubeObject {
  const hash = createHash('md5').update(JSON.stringify(spec)).digest('hex');
  const probes = JSON.parse(JSON.stringify(spec.probes));
  const requests: Record<string, string> = { cpu: spec.cpu };
  if (spec.memory) requests.memory = spec.memory;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${spec.component}-${node.metadata.name}`,
      namespace: NS,
      labels: { component: spec.component, tier: 'control-plane' },
      annotations: {
        ...(spec.annotations ?? {}),
        'kubernetes.io/config.hash': hash,
        'kubernetes.io/config.mirror': hash,
        'kubernetes.io/config.seen': rfc3339Micro(now).replace(/Z$/, '000Z'),
        'kubernetes.io/config.source': 'file',
      },
      ownerReferences: [
        {
          apiVersion: 'v1',
          kind: 'Node',
          name: node.metadata.name ?? '',
          uid: node.metadata.uid ?? '',
          controller: true,
        },
      ],
    },
    spec: {
      containers: [
        {
          command: spec.command,
          image: spec.image,
          imagePullPolicy: 'IfNotPresent',
          name: spec.component,
          resources: { requests },
          volumeMounts: mounts(spec.volumes, spec.component),
          ...probes,
        },
      ],
      hostNetwork: true,
      nodeName: node.metadata.name,
      priority: 2000001000,
      priorityClassName: 'system-node-critical',
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      tolerations: [{ effect: 'NoExecute', operator: 'Exists' }],
      volumes: spec.volumes,
    },
  };
}

const COREFILE = `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success cluster.local
       disable denial cluster.local
    }
    loop
    reload
    loadbalance
}
`;

function coreDNS(): KubeObject[] {
  const labels = { 'k8s-app': 'kube-dns' };
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'coredns', namespace: NS } },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'coredns', namespace: NS },
      data: { Corefile: COREFILE },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'coredns', namespace: NS, labels },
      spec: {
        replicas: 2,
        selector: { matchLabels: labels },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
        template: {
          metadata: { labels },
          spec: {
            affinity: {
              podAntiAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [
                  {
                    weight: 100,
                    podAffinityTerm: {
                      labelSelector: {
                        matchExpressions: [
                          { key: 'k8s-app', operator: 'In', values: ['kube-dns'] },
                        ],
                      },
                      topologyKey: 'kubernetes.io/hostname',
                    },
                  },
                ],
              },
            },
            containers: [
              {
                args: ['-conf', '/etc/coredns/Corefile'],
                image: COREDNS_IMAGE,
                imagePullPolicy: 'IfNotPresent',
                livenessProbe: {
                  failureThreshold: 5,
                  httpGet: { path: '/health', port: 8080, scheme: 'HTTP' },
                  initialDelaySeconds: 60,
                  periodSeconds: 10,
                  successThreshold: 1,
                  timeoutSeconds: 5,
                },
                name: 'coredns',
                ports: [
                  { containerPort: 53, name: 'dns', protocol: 'UDP' },
                  { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
                  { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
                  { containerPort: 8080, name: 'liveness-probe', protocol: 'TCP' },
                  { containerPort: 8181, name: 'readiness-probe', protocol: 'TCP' },
                ],
                readinessProbe: {
                  failureThreshold: 3,
                  httpGet: { path: '/ready', port: 8181, scheme: 'HTTP' },
                  periodSeconds: 10,
                  successThreshold: 1,
                  timeoutSeconds: 1,
                },
                resources: {
                  limits: { memory: '170Mi' },
                  requests: { cpu: '100m', memory: '70Mi' },
                },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
                  readOnlyRootFilesystem: true,
                },
                volumeMounts: [
                  { mountPath: '/etc/coredns', name: 'config-volume', readOnly: true },
                ],
              },
            ],
            dnsPolicy: 'Default',
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            priorityClassName: 'system-cluster-critical',
            serviceAccountName: 'coredns',
            tolerations: [
              { key: 'CriticalAddonsOnly', operator: 'Exists' },
              { effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' },
            ],
            volumes: [
              {
                configMap: { items: [{ key: 'Corefile', path: 'Corefile' }], name: 'coredns' },
                name: 'config-volume',
              },
            ],
          },
        },
      },
    },
  ];
}

function kubeProxy(controlPlaneIP: string): KubeObject[] {
  const labels = { 'k8s-app': 'kube-proxy' };
  const config = [
    'apiVersion: kubeproxy.config.k8s.io/v1alpha1',
    'bindAddress: 0.0.0.0',
    `clusterCIDR: ${POD_CIDR}`,
    'kind: KubeProxyConfiguration',
    'mode: ""',
    '',
  ].join('\n');
  const kubeconfig = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- cluster:',
    '    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt',
    `    server: https://${controlPlaneIP}:6443`,
    '  name: default',
    'contexts:',
    '- context:',
    '    cluster: default',
    '    namespace: default',
    '    user: default',
    '  name: default',
    'current-context: default',
    'users:',
    '- name: default',
    '  user:',
    '    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token',
    '',
  ].join('\n');
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'kube-proxy', namespace: NS } },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kube-proxy', namespace: NS, labels: { app: 'kube-proxy' } },
      data: { 'config.conf': config, 'kubeconfig.conf': kubeconfig },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'kube-proxy', namespace: NS, labels },
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                command: [
                  '/usr/local/bin/kube-proxy',
                  '--config=/var/lib/kube-proxy/config.conf',
                  '--hostname-override=$(NODE_NAME)',
                ],
                env: [
                  {
                    name: 'NODE_NAME',
                    valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } },
                  },
                ],
                image: `registry.k8s.io/kube-proxy:${KUBELET_VERSION}`,
                imagePullPolicy: 'IfNotPresent',
                name: 'kube-proxy',
                securityContext: { privileged: true },
                volumeMounts: [
                  { mountPath: '/var/lib/kube-proxy', name: 'kube-proxy' },
                  { mountPath: '/run/xtables.lock', name: 'xtables-lock' },
                  { mountPath: '/lib/modules', name: 'lib-modules', readOnly: true },
                ],
              },
            ],
            hostNetwork: true,
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            priorityClassName: 'system-node-critical',
            serviceAccountName: 'kube-proxy',
            tolerations: [{ operator: 'Exists' }],
            volumes: [
              { configMap: { name: 'kube-proxy' }, name: 'kube-proxy' },
              {
                hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' },
                name: 'xtables-lock',
              },
              { hostPath: { path: '/lib/modules', type: '' }, name: 'lib-modules' },
            ],
          },
        },
        updateStrategy: {
          rollingUpdate: { maxSurge: 0, maxUnavailable: 1 },
          type: 'RollingUpdate',
        },
      },
    },
  ];
}

const PLURALS: Record<string, [string, string]> = {
  ServiceAccount: ['', 'serviceaccounts'],
  ConfigMap: ['', 'configmaps'],
  Deployment: ['apps', 'deployments'],
  DaemonSet: ['apps', 'daemonsets'],
  Pod: ['', 'pods'],
};

/** Creates the kube-system workloads unless they exist (idempotent). */
export function installSystemWorkloads(ctx: ControllerContext, nodes: SimulatedNode[]): void {
  const kubeadm = ctx.as('kubeadm');
  const controlPlane = nodes.find((n) => n.controlPlane);
  if (!controlPlane || !kubeadm.get('', 'namespaces', undefined, NS)) return;
  const node = kubeadm.get('', 'nodes', undefined, controlPlane.name);
  const objects: KubeObject[] = [...coreDNS(), ...kubeProxy(controlPlane.internalIP)];
  if (node)
    for (const spec of staticPods(controlPlane.internalIP))
      objects.push(mirrorPod(node, spec, ctx.now()));
  for (const obj of objects) {
    const [group, plural] = PLURALS[obj.kind];
    if (!kubeadm.resource(group, plural) || kubeadm.get(group, plural, NS, obj.metadata.name ?? ''))
      continue;
    kubeadm.create(group, plural, obj);
  }
}
