import {
  containerOptions,
  DEFAULT_IMAGE,
  dockerDriverSettings,
  killExecOptions,
  labelFilter,
  modemOptions,
  networkOptions,
  networkPeers,
  sessionLabels,
  sessionObjects,
  shellExecOptions,
  volumeOptions,
} from './workstation-spec';

const objects = sessionObjects('s-1');
const labels = sessionLabels('platform-a', 's-1');
const limits = { cpus: 0.5, memoryMiB: 256, pids: 128 };

describe('the workstation container the docker driver asks for', () => {
  const options = containerOptions({
    image: 'kubebelt/workstation:test',
    objects,
    labels,
    limits,
    user: '65534:65534',
    env: { HOME: '/home/learner', TERM: 'xterm-256color' },
  });

  it('has no privileges, no capabilities and a read-only root', () => {
    expect(options.HostConfig).toMatchObject({
      Privileged: false,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      ReadonlyRootfs: true,
      IpcMode: 'private',
    });
    expect(options.HostConfig?.CapAdd).toBeUndefined();
    expect(options.HostConfig?.Devices).toBeUndefined();
    expect(options.User).toBe('65534:65534');
  });

  it('is limited in CPU, memory (without swap) and processes', () => {
    expect(options.HostConfig).toMatchObject({
      NanoCpus: 500_000_000,
      Memory: 256 * 1024 * 1024,
      MemorySwap: 256 * 1024 * 1024,
      PidsLimit: 128,
    });
  });

  it("joins only the session's own network, never the host's", () => {
    expect(options.HostConfig?.NetworkMode).toBe('kubebelt-s-1');
    expect(Object.keys(options.NetworkingConfig?.EndpointsConfig ?? {})).toEqual(['kubebelt-s-1']);
    expect(options.HostConfig?.PidMode).toBeUndefined();
  });

  it('writes only to its home volume and a small /tmp', () => {
    expect(options.HostConfig?.Mounts).toEqual([
      { Type: 'volume', Source: 'kubebelt-s-1-home', Target: '/home/learner' },
    ]);
    expect(options.HostConfig?.Binds).toBeUndefined();
    expect(options.HostConfig?.Tmpfs).toEqual({ '/tmp': 'rw,nosuid,nodev,size=64m' });
  });

  it('carries the session and platform labels, its name and environment', () => {
    expect(options).toMatchObject({
      name: 'kubebelt-s-1',
      Image: 'kubebelt/workstation:test',
      Labels: { 'kubebelt.session': 's-1', 'kubebelt.platform': 'platform-a' },
      Env: ['HOME=/home/learner', 'TERM=xterm-256color'],
      WorkingDir: '/home/learner',
    });
  });
});

describe("the docker driver's other requests", () => {
  it('makes an internal bridge network per session', () => {
    expect(networkOptions(objects, labels)).toEqual({
      Name: 'kubebelt-s-1',
      Driver: 'bridge',
      Internal: true,
      CheckDuplicate: true,
      Labels: labels,
    });
  });

  it("binds the home volume to the session's home folder", () => {
    expect(volumeOptions(objects, labels, '/data/sessions/s-1/home')).toEqual({
      Name: 'kubebelt-s-1-home',
      Driver: 'local',
      DriverOpts: { type: 'none', o: 'bind', device: '/data/sessions/s-1/home' },
      Labels: labels,
    });
  });

  it('opens an interactive bash with a TTY as the learner, which writes its pid', () => {
    const options = shellExecOptions({ user: '1000:1000', env: { A: 'b' }, pidFile: '/tmp/.p' });
    expect(options).toEqual({
      Cmd: ['/bin/bash', '-c', 'echo $$ > "$0" && exec /bin/bash -i', '/tmp/.p'],
      User: '1000:1000',
      WorkingDir: '/home/learner',
      Env: ['A=b'],
      Tty: true,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
    });
  });

  it('kills a shell from inside the container, as the learner', () => {
    const options = killExecOptions({ user: '1000:1000', pidFile: '/tmp/.p', signal: 'SIGHUP' });
    expect(options.User).toBe('1000:1000');
    expect(options.Cmd?.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(options.Cmd?.slice(3)).toEqual(['HUP', '/tmp/.p']);
    expect(options.Cmd?.[2]).toMatch(/kill -s "\$0" "\$\(cat "\$1"\)"$/);
  });

  it("lets the clusters take connections from the session's network only", () => {
    const accept = networkPeers('10.213.4.0/24', '10.213.4.1');
    expect(accept('10.213.4.2')).toBe(true);
    expect(accept('::ffff:10.213.4.254')).toBe(true);
    // the host itself (its address on the bridge), another session's network, anything else
    expect(accept('10.213.4.1')).toBe(false);
    expect(accept('10.213.5.2')).toBe(false);
    expect(accept('127.0.0.1')).toBe(false);
    expect(accept('fe80::1')).toBe(false);
    expect(networkPeers('172.18.0.0/16', '172.18.0.1')('172.18.3.7')).toBe(true);
  });

  it("finds one platform's objects, or one session's", () => {
    expect(labelFilter('p')).toEqual({ label: ['kubebelt.platform=p', 'kubebelt.session'] });
    expect(labelFilter('p', 's-1')).toEqual({
      label: ['kubebelt.platform=p', 'kubebelt.session=s-1'],
    });
  });
});

describe('docker driver settings', () => {
  it('default to the local Engine, the built image and modest limits', () => {
    expect(dockerDriverSettings({})).toEqual({
      dockerHost: 'unix:///var/run/docker.sock',
      image: DEFAULT_IMAGE,
      limits: { cpus: 1, memoryMiB: 512, pids: 256 },
    });
  });

  it('are read from the environment', () => {
    expect(
      dockerDriverSettings({
        DOCKER_HOST: 'unix:///tmp/d.sock',
        KUBEBELT_WORKSTATION_IMAGE: 'my/ws:2',
        KUBEBELT_WORKSTATION_CPUS: '1.5',
        KUBEBELT_WORKSTATION_MEMORY_MIB: '1024',
        KUBEBELT_WORKSTATION_PIDS: '64',
      }),
    ).toEqual({
      dockerHost: 'unix:///tmp/d.sock',
      image: 'my/ws:2',
      limits: { cpus: 1.5, memoryMiB: 1024, pids: 64 },
    });
  });

  it('name the variable that is wrong', () => {
    expect(() => dockerDriverSettings({ KUBEBELT_WORKSTATION_PIDS: 'lots' })).toThrow(
      'KUBEBELT_WORKSTATION_PIDS must be a number between 16 and 65536',
    );
    expect(() => dockerDriverSettings({ DOCKER_HOST: '/var/run/docker.sock' })).toThrow(
      'DOCKER_HOST must be unix:///path/to/docker.sock or tcp://host:port',
    );
  });

  it('connect to a unix socket or a TCP address', () => {
    expect(modemOptions('unix:///tmp/d.sock')).toEqual({ socketPath: '/tmp/d.sock' });
    expect(modemOptions('tcp://10.0.0.5:2375')).toEqual({
      protocol: 'http',
      host: '10.0.0.5',
      port: 2375,
    });
  });
});
