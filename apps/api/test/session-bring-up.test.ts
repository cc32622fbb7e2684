/**
 * A session's environment is brought up once at a time: the adoption round (every 15 s, for
 * sessions no process holds) must leave alone a session this process is still starting, which
 * has no environment yet. Before, it created the clusters (and a docker workstation) a second time.
 */
import type { LabEnvironment } from '../src/sessions/drivers/cluster-driver';
import { SessionsService } from '../src/sessions/sessions.service';
import { Learner } from './platform-client';
import { startTestApp, type TestApp } from './test-app';

const PASSWORD = 'bring-up-password';

describe('bringing a session up', () => {
  let platform: TestApp;

  beforeAll(async () => {
    platform = await startTestApp('bring-up', { password: PASSWORD });
  });

  afterAll(async () => {
    await platform?.close();
  });

  it('happens once when the adoption round meets a session still starting', async () => {
    const sessions = platform.app.get(SessionsService) as unknown as {
      drivers: Record<string, { create(...args: unknown[]): Promise<LabEnvironment> }>;
      adoptOrphans(): Promise<number>;
    };
    const driver = sessions.drivers.embedded;
    const create = driver.create.bind(driver);
    let creates = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    driver.create = async (...args) => {
      creates++;
      await gate;
      return create(...args);
    };
    try {
      const student = await new Learner(platform.base, 'student@kubebelt.local', PASSWORD).login();
      const starting = student.call('POST', '/api/labs/deployment-basics/sessions');
      for (let i = 0; i < 500 && creates === 0; i++) await new Promise((r) => setTimeout(r, 5));
      expect(creates).toBe(1);
      const adopting = sessions.adoptOrphans();
      await new Promise((r) => setTimeout(r, 50));
      release();
      const [started] = await Promise.all([starting, adopting]);
      expect(started.status).toBe(201);
      expect(creates).toBe(1);
    } finally {
      driver.create = create;
      release();
    }
  });
});
