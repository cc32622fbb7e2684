/**
 * The docker driver with KUBEBELT_K3S_IMAGE, end to end, on a STAND-IN image that is NOT k3s:
 * no k3s image can be had on the project's machines (no registry), so
 * images/build-k3s-stand-in.sh makes one of this machine's node binary and cluster-core, which
 * takes `k3s server`'s flags, reads the kube-apiserver's token file, writes
 * /etc/rancher/k3s/k3s.yaml (server https://127.0.0.1:6443) and serves HTTPS on 6443 at its
 * address on the session network. What is tested is the driver's side of that boundary: the
 * container it asks for, the kubeconfig it reads and points at the container, the wait, the
 * lab's setup.yaml, the workstation's kubectl and the grader on that cluster, the clean-up.
 * Whether real k3s starts with these flags is not (see k3s-spec.ts for where they come from).
 * Skipped, with the reason, where no Docker Engine can run.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../src/app';
import { DemoAccountsSeeder } from '../src/auth/demo-accounts.seeder';
import { loadConfig } from '../src/config/app-config';
import { Database } from '../src/database/database';
import { repoRoot } from '../src/paths';
import { dockerDriverSettings } from '../src/sessions/drivers/docker/workstation-spec';
import { DockerDriver } from '../src/sessions/drivers/docker-driver';
import { LabEnvironments } from '../src/sessions/lab-environments';
import {
  buildWorkstationImage,
  dockerUnavailable,
  startTestEngine,
  type TestEngine,
} from './docker-engine';
import { Learner, type Terminal } from './platform-client';

const PASSWORD = 'docker-k3s-password';
const LAB = 'docker-lab';
const STAND_IN = 'kubebelt/k3s-stand-in:test';
const VARIABLES = ['DOCKER_HOST', 'KUBEBELT_K3S_IMAGE', 'KUBEBELT_K3S_RUNTIME'] as const;

const unavailable = dockerUnavailable();
if (unavailable) console.warn(`docker driver k3s tests skipped: ${unavailable}`);

function buildStandIn(host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      path.join(repoRoot, 'images/build-k3s-stand-in.sh'),
      [STAND_IN],
      { env: { ...process.env, DOCKER_HOST: host } },
      (error, _stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(),
    );
  });
}

(unavailable ? describe.skip : describe)(
  'a lab on the docker driver with a k3s server (a stand-in image, not k3s)',
  () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kubebelt-docker-k3s-'));
    const saved = Object.fromEntries(VARIABLES.map((v) => [v, process.env[v]]));
    let engine: TestEngine;
    let app: INestApplication;
    let student: Learner;
    let base: string;
    let terminal: Terminal;
    let sessionId: string;
    /** How the k3s containers run on this Engine (privileged, or unprivileged under runc). */
    let runtime: string | undefined;

    const docker = () => engine.docker;
    const k3sContainers = (id: string) =>
      docker().listContainers({
        all: true,
        filters: JSON.stringify({ label: [`kubebelt.session=${id}`, 'kubebelt.cluster'] }),
      });

    /**
     * Debian's Engine 20.10 gives a privileged container every capability it knows, and fails
     * where its own process lacks one (as inside some sandboxes); then the stand-in, which needs
     * no privileges, runs under the default runtime unprivileged. Real k3s would not.
     */
    async function privilegedRuns(): Promise<string | undefined> {
      const probe = await docker().createContainer({
        Image: STAND_IN,
        Entrypoint: ['/usr/bin/node', '-e', '0'],
        HostConfig: { Privileged: true, NetworkMode: 'none' },
      });
      try {
        await probe.start();
        return undefined;
      } catch (error) {
        return (error as Error).message;
      } finally {
        await probe.remove({ force: true });
      }
    }

    async function run(command: string) {
      await terminal.waitFor(/\$ $/, 10_000, Math.max(0, terminal.output.length - 200));
      const { output, exitCode } = await terminal.run(command);
      return { output: output.trim(), exitCode };
    }

    async function startPlatform(): Promise<void> {
      const config = loadConfig({
        KUBEBELT_DATA_DIR: dir,
        KUBEBELT_CONTENT_DIR: path.join(dir, 'content'),
        KUBEBELT_DEMO_PASSWORD: PASSWORD,
        LOG_LEVEL: 'error',
      });
      app = await createApp(config, await Database.open(config.database));
      await app.listen(0, '127.0.0.1');
      await app.get(DemoAccountsSeeder).seed();
      base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
      student = await new Learner(base, 'student@kubebelt.local', PASSWORD).login();
    }

    beforeAll(async () => {
      engine = await startTestEngine();
      await Promise.all([
        buildWorkstationImage(engine.host, 'kubebelt/workstation:latest'),
        buildStandIn(engine.host),
      ]);
      const refused = await privilegedRuns();
      if (refused) {
        runtime = 'runc';
        console.warn(
          `this Engine cannot start privileged containers (${refused.trim()}): the k3s stand-in runs unprivileged (KUBEBELT_K3S_RUNTIME=runc)`,
        );
      }
      // the fixture lab with a setup.yaml for the k3s cluster
      const content = path.join(dir, 'content');
      cpSync(path.join(repoRoot, 'packages/labs/test/fixtures', LAB), path.join(content, LAB), {
        recursive: true,
      });
      writeFileSync(
        path.join(content, LAB, 'setup.yaml'),
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\ndata:\n  color: blue\n',
      );
      process.env.DOCKER_HOST = engine.host;
      process.env.KUBEBELT_K3S_IMAGE = STAND_IN;
      if (runtime) process.env.KUBEBELT_K3S_RUNTIME = runtime;
      else delete process.env.KUBEBELT_K3S_RUNTIME;
      await startPlatform();
    }, 240_000);

    afterAll(async () => {
      terminal?.close();
      await app?.close();
      if (sessionId)
        for (const c of await docker().listContainers({ all: true }))
          if (c.Labels['kubebelt.session'] === sessionId)
            await docker().getContainer(c.Id).remove({ force: true });
      await engine?.stop();
      for (const v of VARIABLES) {
        if (saved[v] === undefined) delete process.env[v];
        else process.env[v] = saved[v];
      }
      rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    it("runs the learner's kubectl in the workstation against the session's k3s server", async () => {
      const started = await student.call('POST', `/api/labs/${LAB}/sessions`);
      expect(started.status).toBe(201);
      sessionId = started.body.id;
      terminal = await student.terminal(sessionId);
      await terminal.waitFor('learner@kubebelt', 30_000);
      const [k3s] = await k3sContainers(sessionId);
      const address = k3s.NetworkSettings.Networks[`kubebelt-${sessionId}`].IPAddress;
      // k3s.yaml says https://127.0.0.1:6443; the workstation's kubeconfig the container's address
      const server = await run(
        "kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}'",
      );
      expect(server.output).toBe(`https://${address}:6443`);
      const nodes = await run('kubectl get nodes');
      expect(nodes.exitCode).toBe(0);
      expect(nodes.output).toMatch(/\sReady\s/);
      // the lab's setup.yaml, with the namespace it names
      expect(
        (await run('kubectl get configmap settings -n shop -o jsonpath={.data.color}')).output,
      ).toBe('blue');
      const created = await run('kubectl create deployment web --image=nginx');
      expect(created.output).toContain('deployment.apps/web created');
      // the grader reads the k3s server with its admin kubeconfig
      const graded = await student.call('POST', `/api/sessions/${sessionId}/check`, {});
      expect(graded.body).toMatchObject({ passed: true, tasks: [{ id: 'web', passed: true }] });
    }, 120_000);

    it("serves the k3s cluster through the platform's /clusters/ gateway, with the session token", async () => {
      const running = app.get(LabEnvironments).get(sessionId);
      if (!running) throw new Error('the session is not running here');
      const url = `${base}/clusters/${running.clusterId}/default/api/v1/namespaces/shop/configmaps/settings`;
      const answer = await fetch(url, {
        headers: { authorization: `Bearer ${running.env.token('default')}` },
      });
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { data: Record<string, string> }).data).toEqual({
        color: 'blue',
      });
      const stranger = await fetch(url, { headers: { authorization: 'Bearer not-the-token' } });
      expect(stranger.status).toBe(401);
    });

    it('keeps the k3s server, and what the learner made there, across a platform restart', async () => {
      const [before] = await k3sContainers(sessionId);
      terminal.close();
      await app.close();
      // the workstation goes with the process, the k3s server stays for the next one
      expect((await k3sContainers(sessionId)).map((c) => c.Id)).toEqual([before.Id]);
      await startPlatform();
      terminal = await student.terminal(sessionId);
      await terminal.waitFor('learner@kubebelt', 30_000);
      expect((await run('kubectl get deployment web -o name')).output).toBe('deployment.apps/web');
      expect((await k3sContainers(sessionId)).map((c) => c.Id)).toEqual([before.Id]);
    }, 120_000);

    it('asks for the k3s container as k3s runs in Docker, on the session network only', async () => {
      const [k3s] = await k3sContainers(sessionId);
      const info = await docker().getContainer(k3s.Id).inspect();
      expect(info.Name).toBe(`/kubebelt-${sessionId}-k3s-default`);
      expect(info.Config.Labels).toMatchObject({
        'kubebelt.session': sessionId,
        'kubebelt.cluster': 'default',
      });
      expect(info.Config.Cmd).toEqual(
        expect.arrayContaining(['server', '--disable=traefik', '--disable=servicelb']),
      );
      expect(info.HostConfig).toMatchObject({
        Privileged: !runtime,
        Tmpfs: { '/run': '', '/var/run': '' },
        NetworkMode: `kubebelt-${sessionId}`,
      });
      expect(Object.keys(info.NetworkSettings.Networks)).toEqual([`kubebelt-${sessionId}`]);
    });

    it('lists the driver as usable, and says why not when the k3s image is missing', async () => {
      expect((await student.call('GET', '/api/health')).body.drivers.docker).toEqual({
        usable: true,
      });
      const settings = dockerDriverSettings({
        DOCKER_HOST: engine.host,
        KUBEBELT_K3S_IMAGE: 'kubebelt/no-k3s:0',
      });
      expect(await new DockerDriver(settings, 'test').check()).toEqual({
        usable: false,
        reason: `the k3s image kubebelt/no-k3s:0 (KUBEBELT_K3S_IMAGE) is missing on ${engine.host}: load it there (docker pull or docker load)`,
      });
    });

    it('removes the k3s container with the workstation when the session ends', async () => {
      const ended = await student.call('POST', `/api/sessions/${sessionId}/end`);
      expect(ended.body.status).toBe('ended');
      expect(await k3sContainers(sessionId)).toEqual([]);
    });
  },
);
