/**
 * The platform image for real: the root Dockerfile built (in the background of the test run,
 * platform-image-build.ts) with images/build-platform.sh, that is from a Debian base made with
 * debootstrap and this machine's Node.js instead of node:20-bookworm-slim, and this machine's
 * kubectl instead of dl.k8s.io's; everything else as `docker build -t kubebelt:dev .` does it.
 * Then the container as docs/deployment.md runs it: it answers /api/health, and a learner's
 * session gets a terminal, sandboxed by bubblewrap inside the container, whose kubectl reaches
 * the session's cluster. Skipped, with the reason, where the image cannot be built.
 */
import type Docker from 'dockerode';
import { Learner, type Terminal } from './platform-client';
import {
  BUILD_DIR,
  type BuildResult,
  buildEngine,
  PLATFORM_IMAGE,
  platformImageBuilt,
  platformImageUnavailable,
} from './platform-image-build';

const PASSWORD = 'platform-image-password';
const LAB = 'deployment-basics';
const NAME = 'kubebelt-platform-image-test';

const unavailable = platformImageUnavailable();
if (unavailable) console.warn(`platform image tests skipped: ${unavailable}`);

(unavailable ? describe.skip : describe)('the platform image (root Dockerfile)', () => {
  let engine: Docker | undefined;
  let build: BuildResult | undefined;
  let base: string;
  let terminal: Terminal | undefined;

  const docker = () => engine as Docker;

  beforeAll(async () => {
    const dir = process.env[BUILD_DIR];
    if (!dir)
      throw new Error(
        `no background build: ${BUILD_DIR} is set by .ci/run or the api tests' global set-up`,
      );
    engine = buildEngine(dir);
    build = await platformImageBuilt(dir);
    console.log(`platform image built in ${build.seconds} s (exit ${build.exitCode})`);
  }, 30 * 60_000);

  afterAll(async () => {
    terminal?.close();
    if (!engine) return;
    await docker()
      .getContainer(NAME)
      .remove({ force: true })
      .catch(() => {});
    await docker()
      .getNetwork(NAME)
      .remove()
      .catch(() => {});
  }, 60_000);

  it('builds from a base made with debootstrap and kubectl from the build context', () => {
    const result = build as BuildResult;
    if (result.exitCode !== 0) throw new Error(`the build failed:\n${result.log.slice(-3000)}`);
    expect(result.log).toMatch(/Successfully tagged kubebelt:test/);
    // the versioned kubectl a lab's kubernetesVersion picks, next to the default
    expect(result.log).toMatch(/^kubectl\.1\.27$/m);
  });

  it('starts as docs/deployment.md runs it and answers /api/health', async () => {
    if (build?.exitCode !== 0) throw new Error('no image to start: the build failed (above)');
    await docker().createNetwork({ Name: NAME, Driver: 'bridge' });
    const container = await docker().createContainer({
      name: NAME,
      Image: PLATFORM_IMAGE,
      Env: [`KUBEBELT_DEMO_PASSWORD=${PASSWORD}`],
      HostConfig: {
        NetworkMode: NAME,
        // what bubblewrap needs inside a container (docs/deployment.md, "The sandbox inside a container")
        SecurityOpt: ['seccomp=unconfined', 'apparmor=unconfined'],
        MaskedPaths: [],
        ReadonlyPaths: [],
      },
    });
    await container.start();
    const info: Docker.ContainerInspectInfo = await container.inspect();
    const address = info.NetworkSettings.Networks[NAME].IPAddress;
    base = `http://${address}:3000`;
    let health: { status?: string; drivers?: Record<string, { usable: boolean }> } = {};
    for (let i = 0; i < 120 && health.status !== 'ok'; i++) {
      health = await fetch(`${base}/api/health`)
        .then((r) => r.json() as Promise<typeof health>)
        .catch(() => ({}));
      if (health.status !== 'ok') await new Promise((r) => setTimeout(r, 500));
    }
    expect(health).toMatchObject({
      status: 'ok',
      database: 'ok',
      terminal: { mode: 'bwrap' },
      drivers: { embedded: { usable: true } },
    });
  }, 90_000);

  it("gives a learner's session a sandboxed terminal whose kubectl reaches the cluster", async () => {
    if (!base) throw new Error('the platform did not start (above)');
    const student = await new Learner(base, 'student@kubebelt.local', PASSWORD).login();
    const started = await student.call('POST', `/api/labs/${LAB}/sessions`);
    expect(started.status).toBe(201);
    expect(started.body.terminal).toEqual({ sandboxed: true });
    terminal = await student.terminal(started.body.id);
    await terminal.waitFor('learner@kubebelt', 30_000);
    const nodes = await terminal.run('kubectl get nodes');
    expect(nodes.exitCode).toBe(0);
    expect(nodes.output).toMatch(/controlplane\s+Ready/);
    // the sandbox's user, with no network but the cluster's socket
    expect((await terminal.run('id -u')).output.trim()).toBe('65534');
  }, 90_000);
});
