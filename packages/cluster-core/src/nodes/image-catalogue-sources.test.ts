import { resolveImage } from './image-catalogue';

/**
 * Every `image:` of the .yaml files under kubernetes/website's content/en/examples, each with one
 * file (relative to that folder) that uses it and how many others do. Collected from the tree of
 * upstream commit 5f35e270 (2023-09-26) and from the current version of every example added or
 * changed since.
 */
const WEBSITE_EXAMPLES: [image: string, source: string][] = [
  ['alpine', 'configmap/configure-pod.yaml'],
  ['alpine:latest', 'application/deployment-sidecar-legacy.yaml (+3)'],
  ['bprashanth/nginxhttps:1.0', 'service/networking/nginx-secure-app.yaml'],
  ['busybox', 'pods/storage/projected-clustertrustbundle.yaml (+1)'],
  ['busybox:1.28', 'admin/dns/busybox.yaml (+22)'],
  ['busybox:1.36', 'pods/storage/expandable-pvc-pod.yaml'],
  ['busybox:latest', 'configmap/env-configmap.yaml'],
  ['debian', 'debug/termination.yaml (+5)'],
  ['docker.io/alpine/socat:1.8.0.3', 'pods/multi-container/ambassador.yaml'],
  ['docker.io/corelab/gb-frontend:v5', 'application/guestbook/frontend-deployment.yaml'],
  ['docker.io/curlimages/curl:8.18.0', 'service/networking/curlpod.yaml'],
  ['docker.io/library/bash', 'application/job/indexed-job.yaml'],
  ['docker.io/library/bash:5', 'controllers/job-pod-failure-policy-example.yaml (+2)'],
  ['docker.io/library/busybox', 'application/job/indexed-job-vol.yaml (+1)'],
  ['docker.io/library/python:3', 'controllers/job-backoff-limit-per-index-failindex.yaml'],
  ['docker.io/redis:6.0.5', 'application/guestbook/redis-leader-deployment.yaml'],
  ['fedora', 'pods/resource/pod-level-resources.yaml'],
  ['gcr.io/google-samples/cassandra:v13', 'application/cassandra/cassandra-statefulset.yaml'],
  ['gcr.io/google-samples/hello-app:1.0', 'pods/pod-rs.yaml'],
  ['gcr.io/google-samples/hello-app:2.0', 'pods/pod-rs.yaml (+1)'],
  ['gcr.io/google-samples/hello-frontend:1.0', 'service/access/frontend-deployment.yaml'],
  ['gcr.io/google-samples/hello-go-gke:1.0', 'service/access/backend-deployment.yaml'],
  ['gcr.io/google-samples/node-hello:1.0', 'pods/inject/envars.yaml (+5)'],
  ['gcr.io/google-samples/xtrabackup:1.0', 'application/mysql/mysql-statefulset.yaml'],
  ['gcr.io/google_samples/gb-frontend:v3', 'controllers/frontend.yaml'],
  ['gcr.io/google_samples/gb-frontend:v5', 'application/guestbook/frontend-deployment.yaml'],
  [
    'gcr.io/google_samples/gb-redis-follower:v2',
    'application/guestbook/redis-follower-deployment.yaml',
  ],
  ['gcr.io/google_samples/gb-redisslave:v1', 'application/guestbook/redis-slave-deployment.yaml'],
  ['hashicorp/http-echo:0.2.3', 'pods/security/seccomp/alpha/audit-pod.yaml (+7)'],
  ['hashicorp/http-echo:1.0', 'pods/security/seccomp/ga/audit-pod.yaml'],
  ['httpd:2.4', 'pods/storage/pv-pod-backup.yaml'],
  ['k8s.gcr.io/cloud-controller-manager:v1.8.0', 'admin/cloud/ccm-example.yaml'],
  ['k8s.gcr.io/fluentd-elasticsearch:1.20', 'controllers/daemonset.yaml'],
  ['k8s.gcr.io/pause:2.0', 'pods/assigning-pods-to-nodes-affinity.yaml'],
  ['mongo:4.2', 'application/mongodb/mongo-deployment.yaml'],
  ['mysql:5.6', 'application/mysql/mysql-deployment.yaml'],
  ['mysql:5.7', 'application/mysql/mysql-statefulset.yaml'],
  ['mysql:8.0', 'application/wordpress/mysql-deployment.yaml'],
  ['nginx', 'admin/resource/cpu-constraints-pod-2.yaml (+53)'],
  ['nginx:1.14.2', 'application/deployment.yaml (+8)'],
  ['nginx:1.16.1', 'application/deployment-scale.yaml (+3)'],
  ['nginx:1.29', 'pods/multi-container/localhost.yaml (+2)'],
  ['nginx:1.9.2', 'controllers/replication-nginx-1.9.2.yaml'],
  ['nginx:latest', 'service/pod-with-graceful-termination.yaml'],
  ['perl:5.34.0', 'controllers/job.yaml'],
  ['polinux/stress', 'pods/resource/memory-request-limit-2.yaml (+2)'],
  ['python', 'controllers/job-backoff-limit-per-index-example.yaml (+1)'],
  ['quay.io/fluentd_elasticsearch/fluentd:v2.5.2', 'controllers/daemonset.yaml (+2)'],
  ['quay.io/fluentd_elasticsearch/fluentd:v5.0.1', 'controllers/fluentd-daemonset.yaml'],
  ['rabbitmq', 'application/job/rabbitmq/rabbitmq-statefulset.yaml'],
  ['radial/busyboxplus:curl', 'service/networking/curlpod.yaml'],
  ['redis', 'admin/resource/quota-mem-cpu-pod-2.yaml (+4)'],
  ['redis:5.0.4', 'pods/config/redis-pod.yaml'],
  ['registry.k8s.io/busybox', 'pods/emptydir-volume-mode.yaml (+9)'],
  ['registry.k8s.io/busybox:1.24', 'pods/inject/dapi-envars-container.yaml (+1)'],
  ['registry.k8s.io/busybox:1.27.2', 'pods/multi-container/adapter.yaml (+3)'],
  ['registry.k8s.io/cloud-controller-manager:v1.8.0', 'admin/cloud/ccm-example.yaml'],
  [
    'registry.k8s.io/cpa/cluster-proportional-autoscaler:1.8.4',
    'admin/dns/dns-horizontal-autoscaler.yaml',
  ],
  [
    'registry.k8s.io/dra-example-driver/dra-example-driver:v0.1.0',
    'dra/driver-install/all.yaml (+1)',
  ],
  ['registry.k8s.io/e2e-test-images/agnhost:2.39', 'admin/dns/dnsutils.yaml'],
  ['registry.k8s.io/e2e-test-images/agnhost:2.40', 'pods/probe/http-liveness.yaml'],
  ['registry.k8s.io/e2e-test-images/agnhost:2.45', 'pods/security/security-context-5.yaml (+2)'],
  ['registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3', 'admin/dns/dnsutils.yaml'],
  ['registry.k8s.io/etcd:3.5.1-0', 'pods/probe/grpc-liveness.yaml'],
  ['registry.k8s.io/event-exporter:v0.2.3', 'debug/event-exporter.yaml'],
  ['registry.k8s.io/fluentd-gcp:1.30', 'admin/logging/two-files-counter-pod-agent-sidecar.yaml'],
  ['registry.k8s.io/fluentd-gcp:2.0.2', 'debug/fluentd-gcp-ds.yaml'],
  ['registry.k8s.io/goproxy:0.1', 'pods/probe/tcp-liveness-readiness.yaml'],
  ['registry.k8s.io/hpa-example', 'application/php-apache.yaml'],
  [
    'registry.k8s.io/kas-network-proxy/proxy-server:v0.0.37',
    'admin/konnectivity/konnectivity-server.yaml',
  ],
  ['registry.k8s.io/kubernetes-zookeeper:1.0-3.4.10', 'application/zookeeper/zookeeper.yaml'],
  ['registry.k8s.io/liveness', 'pods/probe/http-liveness.yaml'],
  ['registry.k8s.io/nginx-slim:0.24', 'controllers/statefulset.yaml'],
  ['registry.k8s.io/nginx-slim:0.7', 'application/web/web.yaml'],
  ['registry.k8s.io/nginx-slim:0.8', 'application/web/web-parallel.yaml (+1)'],
  ['registry.k8s.io/nginx:latest', 'pods/resource/pod-level-resize.yaml'],
  ['registry.k8s.io/node-problem-detector:v0.1', 'debug/node-problem-detector-configmap.yaml (+1)'],
  ['registry.k8s.io/pause:2.0', 'admin/sched/pod1.yaml (+8)'],
  [
    'registry.k8s.io/pause:3.1',
    'pods/topology-spread-constraints/one-constraint-with-nodeaffinity.yaml (+2)',
  ],
  ['registry.k8s.io/pause:3.10', 'pods/resource/pod-level-pid-limit.yaml'],
  ['registry.k8s.io/pause:3.6', 'pods/pod-with-scheduling-gates.yaml (+1)'],
  ['registry.k8s.io/pause:3.8', 'pods/pod-with-affinity-preferred-weight.yaml (+1)'],
  ['registry.k8s.io/pause:3.9', 'pods/resource/pod-level-resize.yaml (+1)'],
  ['registry.k8s.io/serve_hostname', 'admin/snowflake-deployment.yaml'],
  ['ubuntu:24.04', 'dra/dra-device-metadata-pod.yaml (+2)'],
  [
    'us-docker.pkg.dev/google-samples/containers/gke/gb-redis-follower:v2',
    'application/guestbook/redis-follower-deployment.yaml',
  ],
  [
    'us.gcr.io/k8s-artifacts-prod/kas-network-proxy/proxy-agent:v0.0.37',
    'admin/konnectivity/konnectivity-agent.yaml',
  ],
  ['vish/stress', 'admin/resource/cpu-constraints-pod-4.yaml (+3)'],
  ['wordpress:6.2.1-apache', 'application/wordpress/wordpress-deployment.yaml'],
];

/**
 * The `--image=` values, `image:` lines and `kubectl set image` targets of
 * dgkanatsios/CKAD-exercises' a.core_concepts.md to j.podman.md.
 */
const CKAD_EXERCISES: [image: string, source: string][] = [
  ['busybox', 'a.core_concepts.md'],
  ['busybox:1.28', 'c.pod_design.md'],
  ['nginx', 'a.core_concepts.md'],
  ['nginx:1.18.0', 'c.pod_design.md'],
  ['nginx:1.19.8', 'c.pod_design.md'],
  ['nginx:1.19.9', 'c.pod_design.md'],
  ['nginx:1.24.0', 'a.core_concepts.md'],
  ['perl:5.34', 'c.pod_design.md'],
  ['dgkanatsios/simpleapp', 'f.services.md'],
  ['gcr.io/google-containers/busybox', 'c.pod_design.md'],
];

/** Named in the tutorials' pages rather than in examples/. */
const TUTORIAL_PAGES: string[] = [
  'gcr.io/google-samples/kubernetes-bootcamp:v1',
  'docker.io/jocatalin/kubernetes-bootcamp:v2',
  'registry.k8s.io/echoserver:1.10',
  'us-docker.pkg.dev/google-samples/containers/gke/gb-frontend:v5',
  'us-docker.pkg.dev/google-samples/containers/gke/hello-app:1.0',
];

/**
 * References that must not pull: placeholders and images the reader builds, Windows-only
 * images (a Linux node has no manifest for them), the Job page's deliberate ErrImagePull, and
 * the CKAD rollout exercise's mistyped nginx:1.91.
 */
const NOT_PULLABLE: [image: string, source: string][] = [
  ['<your-private-image>', 'pods/private-reg-pod.yaml'],
  ['example-image', 'controllers/daemonset-label-selector.yaml'],
  ['gcr.io/<project>/job-wq-1', 'application/job/rabbitmq/job.yaml'],
  ['gcr.io/my-gcp-project/my-kube-scheduler:1.0', 'admin/sched/my-scheduler.yaml'],
  ['gcr.io/myproject/job-wq-2', 'application/job/redis/job.yaml'],
  ['mcr.microsoft.com/windows/servercore:ltsc2019', 'windows/run-as-username-container.yaml'],
  ['microsoft/iis', 'windows/deploy-hyperv.yaml'],
  ['microsoft/iis:windowsservercore-1709', 'windows/simple-pod.yaml'],
  ['microsoft/windowsservercore:1709', 'windows/daemonset.yaml'],
  [
    'non-existing-repo/non-existing-image:example',
    'controllers/job-pod-failure-policy-config-issue.yaml',
  ],
  ['redis:3.0-nanoserver', 'windows/configmap-pod.yaml'],
  ['nginx:1.91', 'c.pod_design.md'],
  ['$YOUR_PRIVATE_IMAGE', 'j.podman.md'],
];

describe('catalogue coverage of the documentation and CKAD exercises', () => {
  it.each(WEBSITE_EXAMPLES)('kubernetes/website example image %s (%s) pulls', (image) => {
    expect(resolveImage(image)?.info).toBeDefined();
  });

  it.each(CKAD_EXERCISES)('CKAD-exercises image %s (%s) pulls', (image) => {
    expect(resolveImage(image)?.info).toBeDefined();
  });

  it.each(TUTORIAL_PAGES)('tutorial image %s pulls', (image) => {
    expect(resolveImage(image)?.info).toBeDefined();
  });

  it.each(NOT_PULLABLE)('%s (%s) fails to pull', (image) => {
    expect(resolveImage(image)?.info).toBeUndefined();
  });

  it.each([
    'registry.k8s.io/goproxy:0.2',
    'gcr.io/google-samples/node-hello:2.0',
    'gcr.io/google-samples/gb-frontend:v9',
    'docker.io/corelab/gb-frontend:latest',
    'us-docker.pkg.dev/google-samples/containers/gke/gb-redis-follower:v3',
    'hashicorp/http-echo:3.1',
    'docker.io/alpine/socat:2.0.0.1',
    'registry.k8s.io/e2e-test-images/jessie-dnsutils:2.0',
    'registry.k8s.io/kubernetes-zookeeper:2.0-3.5.0',
    'registry.k8s.io/pause:4.0',
    'registry.k8s.io/liveness:v1',
    'dgkanatsios/simpleapp:v2',
    'fedora:99',
    'quay.io/fluentd_elasticsearch/fluentd:latest',
  ])('a made-up tag %s of a new repository fails to pull', (image) => {
    expect(resolveImage(image)?.info).toBeUndefined();
  });

  it('reports the old registries under the names they now resolve to', () => {
    expect(resolveImage('gcr.io/google_samples/gb-frontend:v5')?.info?.repository).toBe(
      'gcr.io/google-samples/gb-frontend',
    );
    expect(resolveImage('gcr.io/google-containers/busybox')?.reference).toBe(
      'registry.k8s.io/busybox:latest',
    );
    expect(resolveImage('gcr.io/google_containers/pause:2.0')?.info?.repository).toBe(
      'registry.k8s.io/pause',
    );
    expect(
      resolveImage('us.gcr.io/k8s-artifacts-prod/kas-network-proxy/proxy-agent:v0.0.37')?.info
        ?.repository,
    ).toBe('registry.k8s.io/kas-network-proxy/proxy-agent');
  });

  it('gives the guestbook and probe images their processes and ports', () => {
    const frontend = resolveImage('docker.io/corelab/gb-frontend:v5')?.info;
    expect(frontend?.cmd).toEqual(['apache2-foreground']);
    expect(frontend?.ports).toEqual([80]);
    expect(resolveImage('registry.k8s.io/goproxy:0.1')?.info?.ports).toEqual([8080]);
    expect(resolveImage('hashicorp/http-echo:1.0')?.info?.entrypoint).toEqual(['/http-echo']);
  });
});
