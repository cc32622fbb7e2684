/**
 * The images the simulated registry knows: well-known Docker Hub and registry.k8s.io images
 * with plausible tags, sizes, default entrypoints and listening ports. Anything else fails to
 * pull with containerd's messages, as a typo or a private image would on a real cluster.
 */
import { createHash } from 'node:crypto';
import { parseImageName } from '../registry/image-reference';

export interface ImageInfo {
  /** docker.io/library/nginx */
  repository: string;
  /** Default ENTRYPOINT and CMD of the image. */
  entrypoint: string[];
  cmd: string[];
  /** Compressed size the kubelet reports after a pull. */
  sizeBytes: number;
  /** Ports the default process listens on (for probes). */
  ports: number[];
  /** Environment variables of which at least one must be set, or the entrypoint exits 1. */
  requiresOneOf?: string[];
}

interface CatalogueEntry extends Omit<ImageInfo, 'repository'> {
  tags: RegExp;
}

/** A tag pattern: fixed words, or dotted versions under the given major pattern, with suffixes. */
function tags(words: string[], major: string, suffixes: string[] = []): RegExp {
  const esc = (w: string) => w.replace(/\./g, '\\.');
  const alternatives: string[] = [];
  if (words.length) alternatives.push(`(?:${words.map(esc).join('|')})`);
  if (major) {
    const suffix = suffixes.length ? `(?:-(?:${suffixes.map(esc).join('|')}))?` : '';
    alternatives.push(`(?:${major})(?:\\.\\d{1,2}){0,2}${suffix}`);
  }
  return new RegExp(`^(?:${alternatives.join('|')})$`);
}

const SHELL = ['sh'];
const _MB = 1024 * 1024;

const CATALOGUE: Record<string, CatalogueEntry> = {
  'docker.io/library/nginx': {
    tags: tags(
      [
        'latest',
        'stable',
        'mainline',
        'alpine',
        'alpine-slim',
        'perl',
        'bookworm',
        'stable-alpine',
        'mainline-alpine',
      ],
      // a bare `1` only before a suffix or the end: `1.91` is no nginx release.
      '1\\.(?:[7-9]|1\\d|2\\d)|1(?=$|-)',
      ['alpine', 'alpine-slim', 'alpine-perl', 'perl', 'bookworm', 'bullseye', 'otel'],
    ),
    entrypoint: ['/docker-entrypoint.sh'],
    cmd: ['nginx', '-g', 'daemon off;'],
    sizeBytes: 72_225_394,
    ports: [80],
  },
  'docker.io/library/busybox': {
    tags: tags(['latest', 'stable', 'musl', 'glibc', 'uclibc'], '1\\.(?:2\\d|3[0-7])|1', [
      'musl',
      'glibc',
      'uclibc',
    ]),
    entrypoint: [],
    cmd: SHELL,
    sizeBytes: 2_166_802,
    ports: [],
  },
  'docker.io/library/alpine': {
    tags: tags(['latest', 'edge'], '3', []),
    entrypoint: [],
    cmd: ['/bin/sh'],
    sizeBytes: 3_653_068,
    ports: [],
  },
  'docker.io/library/redis': {
    tags: tags(['latest', 'alpine', 'bookworm'], '[4-8]', ['alpine', 'bookworm', 'alpine3.21']),
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['redis-server'],
    sizeBytes: 49_302_155,
    ports: [6379],
  },
  'docker.io/library/httpd': {
    tags: tags(['latest', 'alpine', 'bookworm'], '2', ['alpine', 'bookworm']),
    entrypoint: [],
    cmd: ['httpd-foreground'],
    sizeBytes: 58_133_447,
    ports: [80],
  },
  'docker.io/library/postgres': {
    tags: tags(['latest', 'alpine', 'bookworm'], '9|1[0-7]', ['alpine', 'bookworm', 'bullseye']),
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['postgres'],
    sizeBytes: 158_327_902,
    ports: [5432],
    requiresOneOf: ['POSTGRES_PASSWORD', 'POSTGRES_HOST_AUTH_METHOD'],
  },
  'docker.io/library/mysql': {
    tags: tags(['latest', 'lts', 'innovation', 'debian', 'oracle'], '5|8|9', [
      'debian',
      'oracle',
      'oraclelinux9',
    ]),
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['mysqld'],
    sizeBytes: 234_870_562,
    ports: [3306],
    requiresOneOf: [
      'MYSQL_ROOT_PASSWORD',
      'MYSQL_ALLOW_EMPTY_PASSWORD',
      'MYSQL_RANDOM_ROOT_PASSWORD',
    ],
  },
  'docker.io/library/mariadb': {
    tags: tags(['latest', 'lts', 'noble'], '1[01]', ['noble', 'jammy']),
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['mariadbd'],
    sizeBytes: 110_254_002,
    ports: [3306],
    requiresOneOf: [
      'MARIADB_ROOT_PASSWORD',
      'MYSQL_ROOT_PASSWORD',
      'MARIADB_ALLOW_EMPTY_ROOT_PASSWORD',
      'MARIADB_RANDOM_ROOT_PASSWORD',
    ],
  },
  'docker.io/library/ubuntu': {
    tags: tags(
      [
        'latest',
        'rolling',
        'noble',
        'jammy',
        'focal',
        'bionic',
        'xenial',
        'trusty',
        'oracular',
        'plucky',
      ],
      '1[4-9]\\.(?:04|10)|2[0-5]\\.(?:04|10)',
      [],
    ),
    entrypoint: [],
    cmd: ['/bin/bash'],
    sizeBytes: 29_723_147,
    ports: [],
  },
  'docker.io/library/debian': {
    tags: tags(
      [
        'latest',
        'stable',
        'bookworm',
        'bullseye',
        'buster',
        'trixie',
        'sid',
        'stable-slim',
        'bookworm-slim',
        'bullseye-slim',
      ],
      '9|1[0-3]',
      ['slim'],
    ),
    entrypoint: [],
    cmd: ['bash'],
    sizeBytes: 48_488_146,
    ports: [],
  },
  'docker.io/library/centos': {
    tags: tags(['latest', 'centos7', 'centos8'], '[678]', []),
    entrypoint: [],
    cmd: ['/bin/bash'],
    sizeBytes: 83_518_086,
    ports: [],
  },
  'docker.io/library/node': {
    tags: tags(
      ['latest', 'lts', 'current', 'alpine', 'slim', 'bookworm', 'lts-alpine', 'lts-slim'],
      '[4-9]|1\\d|2[0-4]',
      ['alpine', 'slim', 'bookworm', 'bullseye', 'bookworm-slim', 'bullseye-slim'],
    ),
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['node'],
    sizeBytes: 412_521_220,
    ports: [],
  },
  // The Job documentation's examples run docker.io/library/bash:5 (bash on Alpine).
  'docker.io/library/bash': {
    tags: tags(['latest', 'devel', 'alpine'], '[345]', ['alpine', 'alpine3.20', 'alpine3.21']),
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['bash'],
    sizeBytes: 6_421_834,
    ports: [],
  },
  'docker.io/library/python': {
    tags: tags(['latest', 'alpine', 'slim', 'bookworm'], '2|3', [
      'alpine',
      'slim',
      'bookworm',
      'bullseye',
      'slim-bookworm',
    ]),
    entrypoint: [],
    cmd: ['python3'],
    sizeBytes: 389_211_005,
    ports: [],
  },
  'docker.io/library/golang': {
    tags: tags(['latest', 'alpine', 'bookworm'], '1', ['alpine', 'bookworm', 'bullseye']),
    entrypoint: [],
    cmd: ['bash'],
    sizeBytes: 300_224_331,
    ports: [],
  },
  'docker.io/library/mongo': {
    tags: tags(['latest', 'jammy', 'noble'], '[3-8]', ['jammy', 'noble']),
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['mongod'],
    sizeBytes: 276_442_114,
    ports: [27017],
  },
  'docker.io/library/memcached': {
    tags: tags(['latest', 'alpine', 'bookworm'], '1', ['alpine', 'bookworm']),
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['memcached'],
    sizeBytes: 32_418_271,
    ports: [11211],
  },
  'docker.io/library/rabbitmq': {
    tags: tags(['latest', 'management', 'alpine', 'management-alpine'], '3|4', [
      'management',
      'alpine',
      'management-alpine',
    ]),
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['rabbitmq-server'],
    sizeBytes: 100_541_823,
    ports: [5672, 15672],
  },
  'docker.io/library/traefik': {
    tags: tags(['latest'], 'v?[1-3]', []),
    entrypoint: ['/entrypoint.sh'],
    cmd: ['traefik'],
    sizeBytes: 50_612_004,
    ports: [80],
  },
  'docker.io/library/haproxy': {
    tags: tags(['latest', 'alpine', 'lts'], '1|2|3', ['alpine', 'bookworm']),
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['haproxy', '-f', '/usr/local/etc/haproxy/haproxy.cfg'],
    sizeBytes: 41_252_910,
    ports: [80],
  },
  'docker.io/library/wordpress': {
    tags: tags(['latest', 'apache', 'fpm', 'fpm-alpine'], '[4-6]', [
      'apache',
      'fpm',
      'fpm-alpine',
      'php8.2',
      'php8.3',
    ]),
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['apache2-foreground'],
    sizeBytes: 256_418_992,
    ports: [80],
  },
  'docker.io/library/tomcat': {
    tags: tags(['latest', 'jdk17', 'jdk21'], '[7-9]|1[01]', ['jdk8', 'jdk11', 'jdk17', 'jdk21']),
    entrypoint: [],
    cmd: ['catalina.sh', 'run'],
    sizeBytes: 204_336_541,
    ports: [8080],
  },
  'docker.io/library/registry': {
    tags: tags(['latest'], '2|3', []),
    entrypoint: ['/entrypoint.sh'],
    cmd: ['/etc/docker/registry/config.yml'],
    sizeBytes: 9_929_712,
    ports: [5000],
  },
  'docker.io/nginxinc/nginx-unprivileged': {
    tags: tags(['latest', 'stable', 'alpine', 'mainline'], '1', ['alpine', 'alpine-slim']),
    entrypoint: ['/docker-entrypoint.sh'],
    cmd: ['nginx', '-g', 'daemon off;'],
    sizeBytes: 72_339_120,
    ports: [8080],
  },
  'docker.io/curlimages/curl': {
    tags: tags(['latest'], '[78]', []),
    entrypoint: ['/entrypoint.sh'],
    cmd: ['curl'],
    sizeBytes: 10_203_112,
    ports: [],
  },
  'docker.io/nicolaka/netshoot': {
    tags: tags(['latest'], 'v0', []),
    entrypoint: [],
    cmd: ['zsh'],
    sizeBytes: 207_021_224,
    ports: [],
  },
  'docker.io/radial/busyboxplus': {
    tags: tags(['latest', 'curl', 'git'], '', []),
    entrypoint: [],
    cmd: ['/bin/sh'],
    sizeBytes: 4_226_102,
    ports: [],
  },
  'docker.io/kodekloud/webapp-color': {
    tags: tags(['latest'], 'v[1-3]', []),
    entrypoint: ['python'],
    cmd: ['app.py'],
    sizeBytes: 31_810_118,
    ports: [8080],
  },
  'docker.io/bitnami/nginx': {
    tags: tags(['latest'], '1', ['debian-12']),
    entrypoint: ['/opt/bitnami/scripts/nginx/entrypoint.sh'],
    cmd: ['/opt/bitnami/scripts/nginx/run.sh'],
    sizeBytes: 65_120_998,
    ports: [8080],
  },
  'docker.io/library/perl': {
    tags: tags(['latest', 'slim', 'stable', 'threaded'], '5', [
      'slim',
      'threaded',
      'bookworm',
      'slim-bookworm',
      'bullseye',
    ]),
    entrypoint: [],
    cmd: ['perl5.40.2', '-de0'],
    sizeBytes: 345_381_210,
    ports: [],
  },
  // The HPA walkthrough's php-apache server (php:5-apache with an index.php that burns CPU).
  'registry.k8s.io/hpa-example': {
    tags: tags(['latest'], '', []),
    entrypoint: ['docker-php-entrypoint'],
    cmd: ['apache2-foreground'],
    sizeBytes: 138_762_416,
    ports: [80],
  },
  // The StatefulSet tutorial's nginx.
  'registry.k8s.io/nginx-slim': {
    tags: /^0\.(?:[5-9]|1\d|2[0-7])$/,
    entrypoint: [],
    cmd: ['nginx', '-g', 'daemon off;'],
    sizeBytes: 41_632_514,
    ports: [80],
  },
  // The resource-limit tasks' memory and CPU hogs.
  'docker.io/polinux/stress': {
    tags: tags(['latest'], '1', []),
    entrypoint: [],
    cmd: ['stress', '--help'],
    sizeBytes: 4_041_497,
    ports: [],
  },
  'docker.io/vish/stress': {
    tags: tags(['latest'], '', []),
    entrypoint: ['/stress', '--logtostderr'],
    cmd: [],
    sizeBytes: 1_928_012,
    ports: [],
  },
  'registry.k8s.io/busybox': {
    tags: tags(['latest'], '1\\.(?:2[4-9]|3\\d)', []),
    entrypoint: [],
    cmd: SHELL,
    sizeBytes: 1_144_547,
    ports: [],
  },
  'gcr.io/google-samples/hello-app': {
    tags: tags([], '1|2', []),
    entrypoint: ['/hello-app'],
    cmd: [],
    sizeBytes: 5_612_340,
    ports: [8080],
  },
  'registry.k8s.io/echoserver': {
    tags: tags([], '1', []),
    entrypoint: [],
    cmd: ['nginx', '-g', 'daemon off;'],
    sizeBytes: 46_237_695,
    ports: [8080],
  },
  'registry.k8s.io/e2e-test-images/agnhost': {
    tags: tags([], '2', []),
    entrypoint: ['/agnhost'],
    cmd: ['pause'],
    sizeBytes: 52_198_110,
    ports: [],
  },
  // 2.0 is still what the node-affinity examples run.
  'registry.k8s.io/pause': {
    tags: tags(['latest', '0.8.0'], '[123]', []),
    entrypoint: ['/pause'],
    cmd: [],
    sizeBytes: 320_368,
    ports: [],
  },
  'registry.k8s.io/etcd': {
    tags: /^3\.\d\.\d{1,2}-\d$/,
    entrypoint: [],
    cmd: ['etcd'],
    sizeBytes: 58_938_593,
    ports: [2379, 2380, 2381],
  },
  'registry.k8s.io/coredns/coredns': {
    tags: /^v1\.(?:[89]|1[0-2])\.\d{1,2}$/,
    entrypoint: ['/coredns'],
    cmd: [],
    sizeBytes: 20_939_036,
    ports: [53, 8080, 8181],
  },
  'docker.io/library/fedora': {
    tags: tags(['latest', 'rawhide'], '2\\d|3\\d|4[0-3]', []),
    entrypoint: [],
    cmd: ['/bin/bash'],
    sizeBytes: 62_410_118,
    ports: [],
  },
  // Versions carry socat's four-part release number (1.8.0.3).
  'docker.io/alpine/socat': {
    tags: /^(?:latest|1\.[78]\.\d\.\d{1,2})$/,
    entrypoint: ['socat'],
    cmd: [],
    sizeBytes: 4_173_442,
    ports: [],
  },
  'docker.io/hashicorp/http-echo': {
    tags: /^(?:latest|alpine|0\.2\.[0-3]|1\.0(?:\.0)?)$/,
    entrypoint: ['/http-echo'],
    cmd: [],
    sizeBytes: 3_520_934,
    ports: [5678],
  },
  'docker.io/bprashanth/nginxhttps': {
    tags: /^1\.0$/,
    entrypoint: [],
    cmd: ['/home/auto-reload-nginx.sh'],
    sizeBytes: 81_349_640,
    ports: [80, 443],
  },
  'docker.io/dgkanatsios/simpleapp': {
    tags: tags(['latest'], '', []),
    entrypoint: [],
    cmd: ['node', 'app.js'],
    sizeBytes: 27_310_442,
    ports: [8080],
  },
  // The guestbook's PHP frontend as the Kubernetes tutorial now pulls it.
  'docker.io/corelab/gb-frontend': {
    tags: /^v5$/,
    entrypoint: ['docker-php-entrypoint'],
    cmd: ['apache2-foreground'],
    sizeBytes: 135_210_776,
    ports: [80],
  },
  'gcr.io/google-samples/gb-frontend': {
    tags: /^v[3-6]$/,
    entrypoint: ['docker-php-entrypoint'],
    cmd: ['apache2-foreground'],
    sizeBytes: 135_210_776,
    ports: [80],
  },
  'us-docker.pkg.dev/google-samples/containers/gke/gb-frontend': {
    tags: /^v[56]$/,
    entrypoint: ['docker-php-entrypoint'],
    cmd: ['apache2-foreground'],
    sizeBytes: 135_210_776,
    ports: [80],
  },
  // redis with a run.sh that starts redis-server --replicaof redis-leader.
  'gcr.io/google-samples/gb-redis-follower': {
    tags: /^v[12]$/,
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['/bin/sh', '-c', '/run.sh'],
    sizeBytes: 38_841_002,
    ports: [6379],
  },
  'us-docker.pkg.dev/google-samples/containers/gke/gb-redis-follower': {
    tags: /^v[12]$/,
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['/bin/sh', '-c', '/run.sh'],
    sizeBytes: 38_841_002,
    ports: [6379],
  },
  'gcr.io/google-samples/gb-redisslave': {
    tags: /^v[1-3]$/,
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['/run.sh'],
    sizeBytes: 36_120_511,
    ports: [6379],
  },
  'us-docker.pkg.dev/google-samples/containers/gke/hello-app': {
    tags: tags([], '1|2', []),
    entrypoint: ['/hello-app'],
    cmd: [],
    sizeBytes: 5_612_340,
    ports: [8080],
  },
  'gcr.io/google-samples/node-hello': {
    tags: /^1\.0$/,
    entrypoint: [],
    cmd: ['/bin/sh', '-c', 'node server.js'],
    sizeBytes: 254_117_908,
    ports: [8080],
  },
  'gcr.io/google-samples/kubernetes-bootcamp': {
    tags: /^v1$/,
    entrypoint: [],
    cmd: ['/bin/sh', '-c', 'node server.js'],
    sizeBytes: 83_192_661,
    ports: [8080],
  },
  'docker.io/jocatalin/kubernetes-bootcamp': {
    tags: /^v[12]$/,
    entrypoint: [],
    cmd: ['/bin/sh', '-c', 'node server.js'],
    sizeBytes: 83_192_661,
    ports: [8080],
  },
  'gcr.io/google-samples/hello-go-gke': {
    tags: /^1\.0$/,
    entrypoint: [],
    cmd: ['/hello'],
    sizeBytes: 4_198_330,
    ports: [80],
  },
  'gcr.io/google-samples/hello-frontend': {
    tags: /^1\.0$/,
    entrypoint: [],
    cmd: ['nginx', '-g', 'daemon off;'],
    sizeBytes: 43_871_207,
    ports: [80],
  },
  'gcr.io/google-samples/cassandra': {
    tags: /^v(?:[5-9]|1[0-4])$/,
    entrypoint: [],
    cmd: ['/sbin/dumb-init', '/bin/bash', '/run.sh'],
    sizeBytes: 138_554_019,
    ports: [7000, 7001, 7199, 9042],
  },
  // Percona XtraBackup and ncat on Debian; the MySQL tutorial gives it its scripts.
  'gcr.io/google-samples/xtrabackup': {
    tags: /^1\.0$/,
    entrypoint: [],
    cmd: ['bash'],
    sizeBytes: 92_004_556,
    ports: [],
  },
  'registry.k8s.io/nginx': {
    tags: tags(['latest', '1.7.9'], '', []),
    entrypoint: [],
    cmd: ['nginx', '-g', 'daemon off;'],
    sizeBytes: 39_941_170,
    ports: [80],
  },
  'registry.k8s.io/goproxy': {
    tags: /^0\.1$/,
    entrypoint: ['/goproxy'],
    cmd: [],
    sizeBytes: 2_599_306,
    ports: [8080],
  },
  // The probe task's server: only /server in a scratch image, started through args.
  'registry.k8s.io/liveness': {
    tags: tags(['latest'], '', []),
    entrypoint: [],
    cmd: [],
    sizeBytes: 2_263_009,
    ports: [8080],
  },
  'registry.k8s.io/serve_hostname': {
    tags: tags(['latest', 'v1.4'], '1\\.[1-4]', []),
    entrypoint: ['/serve_hostname'],
    cmd: [],
    sizeBytes: 2_430_215,
    ports: [9376],
  },
  'registry.k8s.io/e2e-test-images/jessie-dnsutils': {
    tags: /^1\.[0-7]$/,
    entrypoint: [],
    cmd: ['bash'],
    sizeBytes: 112_493_402,
    ports: [],
  },
  'registry.k8s.io/e2e-test-images/busybox': {
    tags: /^(?:1\.29-[1-4]|1\.36\.1-1)$/,
    entrypoint: [],
    cmd: SHELL,
    sizeBytes: 765_412,
    ports: [],
  },
  'registry.k8s.io/e2e-test-images/nginx': {
    tags: /^1\.1[45]-[1-4]$/,
    entrypoint: [],
    cmd: ['nginx', '-g', 'daemon off;'],
    sizeBytes: 7_146_288,
    ports: [80],
  },
  // The ZooKeeper tutorial's image: Ubuntu with ZooKeeper, started by start-zookeeper.
  'registry.k8s.io/kubernetes-zookeeper': {
    tags: /^1\.0-3\.4\.\d{1,2}$/,
    entrypoint: [],
    cmd: ['/bin/bash'],
    sizeBytes: 111_438_916,
    ports: [2181, 2888, 3888],
  },
  'registry.k8s.io/cloud-controller-manager': {
    tags: /^v1\.(?:[7-9]|[12]\d|3[0-4])\.\d{1,2}$/,
    entrypoint: [],
    cmd: ['/usr/local/bin/cloud-controller-manager'],
    sizeBytes: 27_901_560,
    ports: [10258],
  },
  'registry.k8s.io/cpa/cluster-proportional-autoscaler': {
    tags: /^(?:1\.[78]\.\d{1,2}|v1\.(?:[89]|1[0-2])\.\d{1,2})$/,
    entrypoint: ['/cluster-proportional-autoscaler'],
    cmd: [],
    sizeBytes: 15_210_841,
    ports: [],
  },
  'registry.k8s.io/kas-network-proxy/proxy-server': {
    tags: /^v0\.(?:0\.\d{1,2}|[1-3]\d?\.\d{1,2})$/,
    entrypoint: ['/proxy-server'],
    cmd: [],
    sizeBytes: 10_812_224,
    ports: [8090, 8091, 8092, 8095],
  },
  'registry.k8s.io/kas-network-proxy/proxy-agent': {
    tags: /^v0\.(?:0\.\d{1,2}|[1-3]\d?\.\d{1,2})$/,
    entrypoint: ['/proxy-agent'],
    cmd: [],
    sizeBytes: 9_904_101,
    ports: [8093, 8094],
  },
  'registry.k8s.io/dra-example-driver/dra-example-driver': {
    tags: /^v0\.[0-2]\.\d{1,2}$/,
    entrypoint: [],
    cmd: ['dra-example-kubeletplugin'],
    sizeBytes: 21_655_306,
    ports: [],
  },
  'registry.k8s.io/node-problem-detector': {
    tags: /^v0\.[1-8](?:\.\d{1,2})?$/,
    entrypoint: [
      '/node-problem-detector',
      '--config.system-log-monitor=/config/kernel-monitor.json',
    ],
    cmd: [],
    sizeBytes: 38_240_120,
    ports: [20256],
  },
  'registry.k8s.io/event-exporter': {
    tags: /^v0\.[1-3]\.\d{1,2}$/,
    entrypoint: [],
    cmd: ['/event-exporter'],
    sizeBytes: 17_033_492,
    ports: [80],
  },
  'registry.k8s.io/fluentd-gcp': {
    tags: /^(?:1\.\d{1,2}|2\.0(?:\.\d{1,2})?)$/,
    entrypoint: [],
    cmd: ['/bin/sh', '-c', '/run.sh $FLUENTD_ARGS'],
    sizeBytes: 148_390_207,
    ports: [],
  },
  'registry.k8s.io/fluentd-elasticsearch': {
    tags: /^(?:1\.\d{1,2}|v2\.[0-4]\.\d{1,2})$/,
    entrypoint: [],
    cmd: ['/bin/sh', '-c', '/run.sh $FLUENTD_ARGS'],
    sizeBytes: 140_226_885,
    ports: [],
  },
  'quay.io/fluentd_elasticsearch/fluentd': {
    tags: /^v[2-5]\.\d{1,2}\.\d{1,2}$/,
    entrypoint: ['/entrypoint.sh'],
    cmd: [],
    sizeBytes: 61_904_730,
    ports: [],
  },
  'docker.io/flannel/flannel': {
    tags: /^v0\.2\d\.\d{1,2}$/,
    entrypoint: ['/opt/bin/flanneld'],
    cmd: [],
    sizeBytes: 32_414_320,
    ports: [],
  },
  'docker.io/flannel/flannel-cni-plugin': {
    tags: /^v1\.\d\.\d{1,2}-flannel\d$/,
    entrypoint: ['cp'],
    cmd: ['-f', '/flannel', '/opt/cni/bin/flannel'],
    sizeBytes: 4_856_838,
    ports: [],
  },
};

const COMPONENT_PORTS: Record<string, number[]> = {
  'kube-apiserver': [6443],
  'kube-controller-manager': [10257],
  'kube-scheduler': [10259],
  'kube-proxy': [10249, 10256],
};
for (const [component, ports] of Object.entries(COMPONENT_PORTS)) {
  CATALOGUE[`registry.k8s.io/${component}`] = {
    tags: /^v1\.(?:2\d|3[0-4])\.\d{1,2}$/,
    entrypoint: [],
    cmd: [component],
    sizeBytes: component === 'kube-proxy' ? 31_887_726 : 28_412_345,
    ports,
  };
}

/**
 * Registries that are aliases of Docker Hub, the old Kubernetes registries (k8s.gcr.io served
 * gcr.io/google-containers, and registry.k8s.io redirects to k8s-artifacts-prod), and GCR's
 * underscore spelling of the google-samples project.
 */
function canonicalRepository(repository: string): string {
  return repository
    .replace(/^index\.docker\.io\//, 'docker.io/')
    .replace(/^registry-1\.docker\.io\//, 'docker.io/')
    .replace(/^k8s\.gcr\.io\//, 'registry.k8s.io/')
    .replace(/^gcr\.io\/google[-_]containers\//, 'registry.k8s.io/')
    .replace(/^(?:us|eu|asia)\.gcr\.io\/k8s-artifacts-prod\//, 'registry.k8s.io/')
    .replace(/^gcr\.io\/google_samples\//, 'gcr.io/google-samples/');
}

export interface ResolvedImage {
  /** As the kubelet reports it in status.containerStatuses[].image: docker.io/library/nginx:latest */
  reference: string;
  /** docker.io/library/nginx@sha256:... */
  imageID: string;
  info?: ImageInfo;
}

function digestOf(repository: string, tag: string): string {
  return createHash('sha256').update(`${repository}:${tag}`).digest('hex');
}

/** Looks an image up; `info` is undefined when the simulated registry does not have it. */
export function resolveImage(image: string): ResolvedImage | undefined {
  const ref = parseImageName(image);
  if (!ref) return undefined;
  const repository = canonicalRepository(ref.repository);
  const entry = CATALOGUE[repository];
  const tag = ref.tag;
  const known = entry && (ref.digest ? true : entry.tags.test(tag));
  const digest = ref.digest || `sha256:${digestOf(repository, tag)}`;
  const reference = ref.digest ? `${repository}@${ref.digest}` : `${repository}:${tag}`;
  return {
    reference,
    imageID: `${repository}@${digest}`,
    info: known
      ? {
          repository,
          entrypoint: entry.entrypoint,
          cmd: entry.cmd,
          sizeBytes: entry.sizeBytes,
          ports: entry.ports,
          requiresOneOf: entry.requiresOneOf,
        }
      : undefined,
  };
}

/**
 * containerd's pull error for an image the registry does not have: an unknown repository is
 * "pull access denied", a known repository with an unknown tag is "not found".
 */
export function pullError(image: string): string {
  const ref = parseImageName(image);
  if (!ref) return `failed to pull and unpack image "${image}": invalid reference format`;
  const repository = canonicalRepository(ref.repository);
  const full = ref.digest ? `${repository}@${ref.digest}` : `${repository}:${ref.tag}`;
  const prefix = `failed to pull and unpack image "${full}": failed to resolve reference "${full}"`;
  if (CATALOGUE[repository])
    return `rpc error: code = NotFound desc = ${prefix}: ${full}: not found`;
  if (repository.startsWith('docker.io/')) {
    return `rpc error: code = Unknown desc = ${prefix}: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`;
  }
  const host = repository.split('/')[0];
  return `rpc error: code = Unknown desc = ${prefix}: failed to do request: Head "https://${host}/v2/${repository.slice(host.length + 1)}/manifests/${ref.tag || ref.digest}": dial tcp: lookup ${host}: no such host`;
}
