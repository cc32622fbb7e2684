/**
 * The docker driver for real: a lab marked `driver: docker` started through the HTTP API gets a
 * workstation container (built from images/workstation) whose shell, reached through the
 * terminal socket, runs kubectl against the session's cluster; the container is limited,
 * read-only, labelled and on its own network, and goes with the session (ended, expired, or left
 * behind by a platform that stopped). Skipped, with the reason, where no Docker Engine can run.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type Docker from 'dockerode';
import { createApp } from '../src/app';
import { DemoAccountsSeeder } from '../src/auth/demo-accounts.seeder';
import { loadConfig } from '../src/config/app-config';
import { Database } from '../src/database/database';
import { defaultWebDir, repoRoot } from '../src/paths';
import { dockerDriverSettings } from '../src/sessions/drivers/docker/workstation-spec';
import { DockerDriver } from '../src/sessions/drivers/docker-driver';
import { LabEnvironments } from '../src/sessions/lab-environments';
import { SessionsService } from '../src/sessions/sessions.service';
import { launchChromium, screenshot, typeInTerminal } from './browser';
import {
  buildWorkstationImage,
  dockerUnavailable,
  startTestEngine,
  type TestEngine,
} from './docker-engine';
import { Learner, type Terminal } from './platform-client';

const PASSWORD = 'docker-driver-password';
const LAB = 'docker-lab';
const IMAGE = 'kubebelt/workstation:latest';

const unavailable = dockerUnavailable();
if (unavailable) console.warn(`docker driver tests skipped: ${unavailable}`);

describe('the docker driver without an Engine', () => {
  it('is unusable, and says why', async () => {
    const host = `unix://${path.join(tmpdir(), 'kubebelt-no-docker.sock')}`;
    const driver = new DockerDriver(dockerDriverSettings({ DOCKER_HOST: host }), 'test');
    expect(driver.capability().usable).toBe(false);
    expect(await driver.check()).toEqual({
      usable: false,
      reason: `the Docker Engine at ${host} does not answer (ENOENT): start dockerd or set DOCKER_HOST`,
    });
  });
});

(unavailable ? describe.skip : describe)('a lab on the docker driver', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubebelt-docker-'));
  const savedEnv = { DOCKER_HOST: process.env.DOCKER_HOST };
  let engine: TestEngine | undefined;
  /** Why the Engine could not start after all (the tests then say so and pass). */
  let skipped: string | undefined;
  let app: INestApplication;
  let student: Learner;
  let base: string;
  let terminal: Terminal;
  let sessionId: string;
  let platformLabel: string;

  const live = (name: string, fn: () => Promise<void>, timeout = 90_000) =>
    it(
      name,
      async () => {
        if (skipped) {
          console.warn(`skipped "${name}": ${skipped}`);
          return;
        }
        await fn();
      },
      timeout,
    );

  async function startPlatform(): Promise<void> {
    const content = path.join(dir, 'content');
    if (!existsSync(content))
      cpSync(path.join(repoRoot, 'packages/labs/test/fixtures', LAB), path.join(content, LAB), {
        recursive: true,
      });
    const config = loadConfig({
      KUBEBELT_DATA_DIR: dir,
      // the built web app, for the journey in Chromium at the end
      KUBEBELT_WEB_DIR: defaultWebDir,
      KUBEBELT_CONTENT_DIR: content,
      KUBEBELT_DEMO_PASSWORD: PASSWORD,
      LOG_LEVEL: 'error',
    });
    app = await createApp(config, await Database.open(config.database));
    await app.listen(0, '127.0.0.1');
    await app.get(DemoAccountsSeeder).seed();
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    student = await new Learner(base, 'student@kubebelt.local', PASSWORD).login();
  }

  const docker = () => (engine as TestEngine).docker;

  /** Types a command once the shell shows its prompt (which comes in a chunk of its own). */
  async function run(command: string) {
    await terminal.waitFor(/\$ $/, 10_000, Math.max(0, terminal.output.length - 200));
    const { output, exitCode } = await terminal.run(command);
    return { output: output.trim(), exitCode };
  }

  async function sessionObjects(id: string) {
    const filters = JSON.stringify({ label: [`kubebelt.session=${id}`] });
    return {
      containers: await docker().listContainers({ all: true, filters }),
      networks: await docker().listNetworks({ filters }),
      volumes: (await docker().listVolumes({ filters })).Volumes ?? [],
    };
  }

  beforeAll(async () => {
    try {
      engine = await startTestEngine();
    } catch (error) {
      skipped = (error as Error).message;
      console.warn(`docker driver tests skipped: ${skipped}`);
      return;
    }
    await buildWorkstationImage(engine.host, IMAGE);
    process.env.DOCKER_HOST = engine.host;
    await startPlatform();
  }, 240_000);

  afterAll(async () => {
    terminal?.close();
    await app?.close();
    if (engine) {
      const filters = JSON.stringify({ label: ['kubebelt.session'] });
      for (const c of await docker().listContainers({ all: true, filters }))
        if (c.Labels['kubebelt.platform'] === platformLabel || c.Labels['kubebelt.test'])
          await docker().getContainer(c.Id).remove({ force: true });
      await engine.stop();
    }
    process.env.DOCKER_HOST = savedEnv.DOCKER_HOST;
    if (savedEnv.DOCKER_HOST === undefined) delete process.env.DOCKER_HOST;
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  live('lists the docker driver as usable in /api/health', async () => {
    const health = await student.call('GET', '/api/health');
    expect(health.body.drivers.docker).toEqual({ usable: true });
  });

  live(
    "runs the learner's shell in the workstation, with kubectl on the session's cluster",
    async () => {
      const started = await student.call('POST', `/api/labs/${LAB}/sessions`);
      expect(started.status).toBe(201);
      expect(started.body).toMatchObject({ labId: LAB, terminal: { sandboxed: true } });
      sessionId = started.body.id;
      terminal = await student.terminal(sessionId);
      await terminal.waitFor('learner@kubebelt', 30_000);
      // as nobody when the platform runs as root, otherwise as the platform's user (the home's owner)
      const uid = process.getuid?.() === 0 ? 65534 : process.getuid?.();
      expect(await run('hostname; id -u')).toEqual({
        output: `workstation\n${uid}`,
        exitCode: 0,
      });
      // the embedded terminal's .bashrc (alias, kubectl completion), vim and bash-completion
      expect((await run('type k; complete -p k')).output).toBe(
        "k is aliased to `kubectl'\ncomplete -o default -F __kubebelt_complete k",
      );
      // kubectl's completion is read at the first TAB
      const from = terminal.output.length;
      terminal.socket.emit('input', 'k versi\t');
      await terminal.waitFor(/version/, 20_000, from);
      // Ctrl-C: the line is dropped and a new prompt drawn
      terminal.socket.emit('input', '\x03');
      expect((await run('vim --version | head -1')).output).toMatch(/^VIM - Vi IMproved/);
      expect((await run('type -t _init_completion')).output).toBe('function');
      const nodes = await run('kubectl get nodes');
      expect(nodes.exitCode).toBe(0);
      expect(nodes.output).toMatch(/NAME\s+STATUS\s+ROLES/);
      expect(nodes.output).toMatch(/\sReady\s/);
      const created = await run('kubectl create deployment web --image=nginx');
      expect(created).toEqual({
        output: expect.stringContaining('deployment.apps/web created'),
        exitCode: 0,
      });
      // kubectl speaks HTTPS with the cluster's CA to the network's gateway, nothing else
      const [network] = (await sessionObjects(sessionId)).networks;
      const gateway = (await docker().getNetwork(network.Id).inspect()).IPAM?.Config?.[0]?.Gateway;
      const server = await run(
        "kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}'",
      );
      expect(server.output).toBe(`https://${gateway}:6443`);
      // the host (or anything outside the session's network) gets no answer there
      const fromHost = await new Promise<string | undefined>((resolve) => {
        const req = https.get(
          `https://${gateway}:6443/version`,
          { rejectUnauthorized: false },
          () => resolve(undefined),
        );
        req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code));
      });
      expect(fromHost).toBe('ECONNRESET');

      const graded = await student.call('POST', `/api/sessions/${sessionId}/check`, {});
      expect(graded.status).toBe(200);
      expect(graded.body).toMatchObject({ passed: true, tasks: [{ id: 'web', passed: true }] });
    },
  );

  live(
    'limits the workstation, keeps its root read-only, labels it, off the host network',
    async () => {
      const { containers, networks, volumes } = await sessionObjects(sessionId);
      expect(containers).toHaveLength(1);
      const info = await docker().getContainer(containers[0].Id).inspect();
      platformLabel = info.Config.Labels['kubebelt.platform'];
      expect(info.Config.Labels).toMatchObject({ 'kubebelt.session': sessionId });
      expect(platformLabel).toMatch(/^[0-9a-f]{12}$/);
      expect(info.HostConfig).toMatchObject({
        ReadonlyRootfs: true,
        Privileged: false,
        CapDrop: ['ALL'],
        NetworkMode: `kubebelt-${sessionId}`,
        NanoCpus: 1e9,
        Memory: 512 * 1024 * 1024,
        PidsLimit: 256,
      });
      expect(Object.keys(info.NetworkSettings.Networks)).toEqual([`kubebelt-${sessionId}`]);
      expect(networks).toHaveLength(1);
      expect(networks[0]).toMatchObject({ Driver: 'bridge', Internal: true });
      expect(volumes.map((v: Docker.VolumeInspectInfo) => v.Name)).toEqual([
        `kubebelt-${sessionId}-home`,
      ]);

      const root = await run('touch /etc/learner-was-here');
      expect(root.exitCode).not.toBe(0);
      expect(root.output).toContain('Read-only file system');
      expect((await run('echo hi > ~/notes.txt')).exitCode).toBe(0);
      // the home volume is the session's home folder: what the learner writes is kept there
      expect(existsSync(path.join(dir, 'sessions', sessionId, 'home', 'notes.txt'))).toBe(true);
      const pids = await run(
        'cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max',
      );
      expect(pids.output).toBe('256');
    },
  );

  live('gives a new shell after the learner exits one', async () => {
    const from = terminal.output.length;
    terminal.socket.emit('input', 'exit 3\r');
    await terminal.waitFor('[the shell exited with 3; press Enter for a new one]', 10_000, from);
    terminal.socket.emit('input', '\r');
    await terminal.waitFor('learner@kubebelt', 20_000, terminal.output.length);
    expect((await run('kubectl get deployment web -o name')).output).toBe('deployment.apps/web');
  });

  live('sizes the TTY as the browser asks, and stops a shell it is told to kill', async () => {
    expect((await run('stty size')).output).toBe('40 160');
    const workstation = app.get(LabEnvironments).get(sessionId)?.env.workstation;
    if (!workstation) throw new Error('the session has no workstation');
    const shell = workstation.openShell(100, 30);
    let output = '';
    shell.onData((data) => {
      output += data;
    });
    const exited = new Promise<number>((resolve) => shell.onExit((e) => resolve(e.exitCode)));
    shell.write('stty size; echo ready-$((6 * 7))\r');
    for (let i = 0; i < 200 && !output.includes('ready-42'); i++)
      await new Promise((r) => setTimeout(r, 25));
    expect(output).toContain('30 100');
    // what an idle terminal gets: a hang-up
    shell.kill();
    expect(await exited).toBe(129);
  });

  live('resets to a fresh cluster, home and workstation', async () => {
    const before = (await sessionObjects(sessionId)).containers[0].Id;
    const reset = await student.call('POST', `/api/sessions/${sessionId}/reset`);
    expect(reset.body.status).toBe('running');
    await terminal.waitFor('learner@kubebelt', 30_000, terminal.output.length);
    const web = await run('kubectl get deployment web');
    expect(web.output).toContain('deployments.apps "web" not found');
    expect((await run('ls ~/notes.txt')).exitCode).not.toBe(0);
    const { containers } = await sessionObjects(sessionId);
    expect(containers.map((c) => c.Id)).not.toContain(before);
    expect(containers).toHaveLength(1);
  });

  live('says when the workstation image is missing, and how to build it', async () => {
    const driver = new DockerDriver(
      { ...dockerDriverSettings({ DOCKER_HOST: engine?.host }), image: 'kubebelt/none:0' },
      'test',
    );
    expect(await driver.check()).toEqual({
      usable: false,
      reason: `the workstation image kubebelt/none:0 is missing on ${engine?.host}: build it with images/build-workstation.sh`,
    });
  });

  live('removes the container, network and volume when the session ends', async () => {
    const ended = await student.call('POST', `/api/sessions/${sessionId}/end`);
    expect(ended.body.status).toBe('ended');
    expect(await sessionObjects(sessionId)).toEqual({ containers: [], networks: [], volumes: [] });
  });

  live('removes them when the session expires', async () => {
    const started = await student.call('POST', `/api/labs/${LAB}/sessions`);
    const id = started.body.id as string;
    expect((await sessionObjects(id)).containers).toHaveLength(1);
    const database = app.get(Database);
    await database.prisma.labSession.update({
      where: { id },
      data: { expiresAt: new Date(Date.now() - 1_000) },
    });
    // the reaper's round, without waiting for its 15 s timer
    await (app.get(SessionsService) as unknown as { reap(): Promise<void> }).reap();
    expect((await student.call('GET', `/api/sessions/${id}`)).body.status).toBe('expired');
    expect(await sessionObjects(id)).toEqual({ containers: [], networks: [], volumes: [] });
  });

  live(
    "removes at start-up what ended sessions left behind, and only this platform's",
    async () => {
      const leftover = { 'kubebelt.platform': platformLabel, 'kubebelt.session': 'ended-earlier' };
      const foreign = {
        'kubebelt.platform': 'another-one',
        'kubebelt.session': 'theirs',
        'kubebelt.test': 'y',
      };
      await docker().createNetwork({
        Name: 'kubebelt-ended-earlier',
        Internal: true,
        Labels: leftover,
      });
      await docker().createVolume({ Name: 'kubebelt-ended-earlier-home', Labels: leftover });
      await docker().createContainer({
        name: 'kubebelt-ended-earlier',
        Image: IMAGE,
        Labels: leftover,
      });
      await docker().createContainer({ name: 'kubebelt-theirs', Image: IMAGE, Labels: foreign });
      await app.close();
      await startPlatform();
      expect(await sessionObjects('ended-earlier')).toEqual({
        containers: [],
        networks: [],
        volumes: [],
      });
      expect((await sessionObjects('theirs')).containers).toHaveLength(1);
    },
  );
  live(
    'a learner starts the docker lab in Chromium, works in its workstation and the page grades it',
    async () => {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage({
          viewport: { width: 1440, height: 900 },
          locale: 'en-US',
        });
        await page.goto(base);
        await page.getByLabel('Email').fill('student@kubebelt.local');
        await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('button', { name: 'Sign out' }).waitFor();
        await page.goto(`${base}/labs/${LAB}`);
        await page.getByRole('button', { name: 'Start lab' }).click();
        const rows = page.locator('.xterm-rows');
        await rows.getByText('learner@kubebelt').first().waitFor({ timeout: 60_000 });
        // the shell runs in the session's own container
        await typeInTerminal(page, 'kubectl get nodes');
        await rows.getByText('controlplane').first().waitFor();
        await typeInTerminal(page, 'kubectl create deployment web --image=nginx');
        await rows.getByText('deployment.apps/web created').waitFor();
        await page.getByTestId('check-all').click();
        await page
          .getByTestId('score')
          .getByText('Score 1 / 1 · 100%')
          .waitFor({ timeout: 30_000 });
        expect(await page.getByTestId('task-web').getAttribute('data-passed')).toBe('true');
        await screenshot(page, 'docker-lab');
        const session = (await student.call('GET', '/api/sessions')).body.find(
          (s: { labId: string; status: string }) => s.labId === LAB && s.status === 'running',
        );
        expect((await sessionObjects(session.id)).containers).toHaveLength(1);
        await student.call('POST', `/api/sessions/${session.id}/end`);
      } finally {
        await browser.close();
      }
    },
    180_000,
  );
});
