import { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { DockerShell } from './docker-shell';

/** A container whose execs are in memory: what the shell writes and what the Engine is asked. */
function fakeContainer() {
  const typed: string[] = [];
  const execs: Docker.ExecCreateOptions[] = [];
  const resizes: { h: number; w: number }[] = [];
  let output!: Duplex;
  let state = { Running: true, ExitCode: null as number | null };
  const container = {
    async exec(options: Docker.ExecCreateOptions) {
      execs.push(options);
      return {
        async start() {
          output = new Duplex({
            read() {},
            write(chunk, _encoding, done) {
              typed.push(String(chunk));
              done();
            },
          });
          return output;
        },
        async resize(size: { h: number; w: number }) {
          resizes.push(size);
        },
        async inspect() {
          return state;
        },
      };
    },
  };
  return {
    container: container as unknown as Docker.Container,
    typed,
    execs,
    resizes,
    print: (bytes: Buffer) => output.push(bytes),
    exit(code: number) {
      state = { Running: false, ExitCode: code };
      output.push(null);
    },
  };
}

const tick = () => new Promise((r) => setTimeout(r, 10));

describe('a docker exec shell', () => {
  it('keeps what is typed before the exec is ready and sizes the TTY', async () => {
    const fake = fakeContainer();
    let ready!: () => void;
    const shell = new DockerShell(fake.container, { user: '1:1', env: {} }, 80, 24, () => {
      return new Promise<void>((r) => {
        ready = r;
      });
    });
    shell.write('kubectl get pods\r');
    shell.resize(120, 40);
    expect(fake.execs).toHaveLength(0);
    ready();
    await tick();
    expect(fake.execs[0].Cmd?.[0]).toBe('/bin/bash');
    expect(fake.resizes).toEqual([{ h: 40, w: 120 }]);
    expect(fake.typed).toEqual(['kubectl get pods\r']);
  });

  it('decodes UTF-8 split across chunks and reports the exit code', async () => {
    const fake = fakeContainer();
    const shell = new DockerShell(fake.container, { user: '1:1', env: {} }, 80, 24, async () => {});
    let output = '';
    shell.onData((data) => {
      output += data;
    });
    const exited = new Promise<number>((r) => shell.onExit((e) => r(e.exitCode)));
    await tick();
    const text = Buffer.from('集群 ok');
    fake.print(text.subarray(0, 2));
    fake.print(text.subarray(2));
    await tick();
    expect(output).toBe('集群 ok');
    fake.exit(3);
    expect(await exited).toBe(3);
  });

  it('is killed through another exec, as the learner, with the pid file it wrote', async () => {
    const fake = fakeContainer();
    const shell = new DockerShell(fake.container, { user: '7:7', env: {} }, 80, 24, async () => {});
    await tick();
    shell.kill('SIGKILL');
    await tick();
    const pidFile = fake.execs[0].Cmd?.[3];
    expect(pidFile).toMatch(/^\/tmp\/\.kubebelt-shell-[0-9a-f]{16}$/);
    expect(fake.execs[1]).toMatchObject({ User: '7:7' });
    expect(fake.execs[1].Cmd?.slice(3)).toEqual(['KILL', pidFile]);
  });

  it('never starts when killed before the container was ready', async () => {
    const fake = fakeContainer();
    let ready!: () => void;
    const shell = new DockerShell(fake.container, { user: '1:1', env: {} }, 80, 24, () => {
      return new Promise<void>((r) => {
        ready = r;
      });
    });
    const exited = new Promise<number>((r) => shell.onExit((e) => r(e.exitCode)));
    shell.kill();
    ready();
    expect(await exited).toBe(129);
    expect(fake.execs).toHaveLength(0);
  });

  it('says why when the Engine refuses the exec', async () => {
    const shell = new DockerShell(
      {
        exec: async () => {
          throw new Error('container is not running');
        },
      } as unknown as Docker.Container,
      { user: '1:1', env: {} },
      80,
      24,
      async () => {},
    );
    let output = '';
    shell.onData((data) => {
      output += data;
    });
    const exited = new Promise<number>((r) => shell.onExit((e) => r(e.exitCode)));
    expect(await exited).toBe(1);
    expect(output).toContain('The workstation could not start a shell: container is not running');
  });
});
