import { extract } from 'tar-stream';
import { pointAt } from './k3s-cluster';
import {
  addressOn,
  CLUSTER_LABEL,
  K3S_TOKEN_FILE,
  k3sArgs,
  k3sContainerOptions,
  tokenFileArchive,
} from './k3s-spec';
import { dockerDriverSettings, sessionLabels, sessionObjects } from './workstation-spec';

const objects = sessionObjects('s-1');
const labels = sessionLabels('platform-a', 's-1');

describe('the k3s server container the docker driver asks for (KUBEBELT_K3S_IMAGE)', () => {
  const options = k3sContainerOptions({
    image: 'rancher/k3s:v1.33.1-k3s1',
    objects,
    labels,
    cluster: 'k8s',
    limits: { cpus: 1, memoryMiB: 1024, pids: 4096 },
  });

  it('runs `k3s server` without Traefik and ServiceLB, accepting the learner token file', () => {
    expect(options.Cmd).toEqual(k3sArgs('k8s'));
    expect(options.Cmd?.[0]).toBe('server');
    expect(options.Cmd).toEqual(
      expect.arrayContaining([
        '--disable=traefik',
        '--disable=servicelb',
        '--node-name=k8s',
        '--tls-san=k8s',
        '--https-listen-port=6443',
        '--write-kubeconfig=/etc/rancher/k3s/k3s.yaml',
        '--write-kubeconfig-mode=0600',
        `--kube-apiserver-arg=token-auth-file=${K3S_TOKEN_FILE}`,
      ]),
    );
  });

  it("is privileged with tmpfs on /run and /var/run, as k3s's own docker-compose.yml", () => {
    expect(options.HostConfig).toMatchObject({
      Privileged: true,
      Tmpfs: { '/run': '', '/var/run': '' },
    });
  });

  it('runs unprivileged under a runtime for system containers when one is given (Sysbox)', () => {
    const sysbox = k3sContainerOptions({
      image: 'rancher/k3s:v1.33.1-k3s1',
      runtime: 'sysbox-runc',
      objects,
      labels,
      cluster: 'k8s',
      limits: { cpus: 1, memoryMiB: 1024, pids: 4096 },
    });
    expect(sysbox.HostConfig).toMatchObject({ Runtime: 'sysbox-runc', Privileged: false });
    expect(options.HostConfig?.Runtime).toBeUndefined();
  });

  it("joins only the session's network, under the cluster's name, with limits", () => {
    expect(options.HostConfig).toMatchObject({
      NetworkMode: 'kubebelt-s-1',
      NanoCpus: 1e9,
      Memory: 1024 * 1024 * 1024,
      MemorySwap: 1024 * 1024 * 1024,
      PidsLimit: 4096,
      RestartPolicy: { Name: 'no' },
    });
    expect(options.NetworkingConfig?.EndpointsConfig).toEqual({
      'kubebelt-s-1': { Aliases: ['k8s'] },
    });
    expect(options.HostConfig?.PortBindings).toBeUndefined();
    expect(options.Hostname).toBe('k8s');
  });

  it('is labelled with the session, the platform and the lab cluster, and named after them', () => {
    expect(options.name).toBe('kubebelt-s-1-k3s-k8s');
    expect(options.Labels).toEqual({ ...labels, [CLUSTER_LABEL]: 'k8s' });
  });

  it("finds the container's address on the session network", () => {
    const info = {
      NetworkSettings: { Networks: { 'kubebelt-s-1': { IPAddress: '10.213.4.3' } } },
    } as never;
    expect(addressOn(info, 'kubebelt-s-1')).toBe('10.213.4.3');
    expect(addressOn(info, 'other')).toBeUndefined();
  });
});

describe("the k3s container's token file", () => {
  async function files(archive: Buffer) {
    const out: Record<string, { mode?: number; text: string }> = {};
    const tar = extract();
    tar.on('entry', (header, stream, next) => {
      let text = '';
      stream.on('data', (c) => {
        text += String(c);
      });
      stream.on('end', () => {
        out[header.name] = { mode: header.mode, text };
        next();
      });
    });
    const done = new Promise<void>((resolve) => tar.on('finish', () => resolve()));
    tar.end(archive);
    await done;
    return out;
  }

  it('makes the session token a cluster-admin user of the kube-apiserver, readable by root only', async () => {
    const out = await files(await tokenFileArchive('abc123_-'));
    expect(out['etc/kubebelt/tokens.csv']).toEqual({
      mode: 0o600,
      text: 'abc123_-,kubebelt-learner,kubebelt-learner,"system:masters"\n',
    });
    expect(out['etc/kubebelt/']?.mode).toBe(0o700);
  });

  it('refuses a token that would break the CSV line', async () => {
    expect(() => tokenFileArchive('a,b')).toThrow('a bearer token has no such characters');
  });
});

describe("k3s's kubeconfig, pointed at the container", () => {
  // as k3s writes /etc/rancher/k3s/k3s.yaml (an admin client certificate, server on loopback)
  const ca = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  const k3sYaml = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ${Buffer.from(ca).toString('base64')}
    server: https://127.0.0.1:6443
  name: default
contexts:
- context:
    cluster: default
    user: default
  name: default
current-context: default
kind: Config
preferences: {}
users:
- name: default
  user:
    client-certificate-data: ${Buffer.from('cert').toString('base64')}
    client-key-data: ${Buffer.from('key').toString('base64')}
`;

  it("names the container's address, keeps the admin credentials, and gives the CA as PEM", async () => {
    const { kubeconfig, caCert } = await pointAt(k3sYaml, 'https://10.213.4.3:6443');
    const config = JSON.parse(kubeconfig);
    expect(config.clusters).toEqual([
      {
        name: 'default',
        cluster: expect.objectContaining({
          server: 'https://10.213.4.3:6443',
          'certificate-authority-data': Buffer.from(ca).toString('base64'),
        }),
      },
    ]);
    expect(config.users[0].user).toMatchObject({
      'client-certificate-data': Buffer.from('cert').toString('base64'),
      'client-key-data': Buffer.from('key').toString('base64'),
    });
    expect(config['current-context']).toBe('default');
    expect(caCert).toBe(ca);
  });

  it('refuses a kubeconfig without a CA', async () => {
    await expect(
      pointAt(k3sYaml.replace(/certificate-authority-data: .*/, ''), 'https://x:6443'),
    ).rejects.toThrow('/etc/rancher/k3s/k3s.yaml has no current context with a CA and a user');
  });
});

describe('the k3s settings', () => {
  it('are off unless KUBEBELT_K3S_IMAGE is set', () => {
    expect(dockerDriverSettings({}).k3s).toBeUndefined();
  });

  it('take the image and its limits from the environment', () => {
    expect(
      dockerDriverSettings({
        KUBEBELT_K3S_IMAGE: 'rancher/k3s:v1.33.1-k3s1',
        KUBEBELT_K3S_CPUS: '2',
      }).k3s,
    ).toEqual({
      image: 'rancher/k3s:v1.33.1-k3s1',
      runtime: undefined,
      limits: { cpus: 2, memoryMiB: 1024, pids: 4096 },
    });
  });

  it('take a runtime by name only', () => {
    expect(
      dockerDriverSettings({ KUBEBELT_K3S_IMAGE: 'k3s:1', KUBEBELT_K3S_RUNTIME: 'sysbox-runc' }).k3s
        ?.runtime,
    ).toBe('sysbox-runc');
    expect(() =>
      dockerDriverSettings({ KUBEBELT_K3S_IMAGE: 'k3s:1', KUBEBELT_K3S_RUNTIME: 'a b' }),
    ).toThrow('KUBEBELT_K3S_RUNTIME must be the name of an OCI runtime of the Engine');
  });

  it('name a bad limit', () => {
    expect(() =>
      dockerDriverSettings({ KUBEBELT_K3S_IMAGE: 'k3s:1', KUBEBELT_K3S_MEMORY_MIB: '100' }),
    ).toThrow('KUBEBELT_K3S_MEMORY_MIB must be a number between 512 and 65536');
  });
});
