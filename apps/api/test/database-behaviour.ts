import { demoAccounts, seedDemoAccounts } from '../src/auth/demo-accounts';
import { verifyPassword } from '../src/auth/passwords';
import { Database } from '../src/database/database';
import type { DatabaseTarget } from '../src/database/database-target';
import { readMigrations } from '../src/database/migrations';
import { migrationsRoot } from '../src/paths';

/**
 * What every supported database must do, from a fresh, empty one: migrate on first open, apply
 * nothing on the next, seed the demo accounts once, and store lab sessions and attempts.
 */
export function describeDatabaseBehaviour(
  provider: DatabaseTarget['provider'],
  freshTarget: () => Promise<DatabaseTarget>,
): void {
  let target: DatabaseTarget;
  const opened: Database[] = [];
  const open = async () => {
    const database = await Database.open(target);
    opened.push(database);
    return database;
  };

  beforeAll(async () => {
    target = await freshTarget();
  });

  afterAll(async () => {
    await Promise.all(opened.map((database) => database.close()));
  });

  const checkedIn = readMigrations(`${migrationsRoot}/${provider}`).map((m) => m.name);

  it('has checked-in migrations to apply', () => {
    expect(checkedIn.length).toBeGreaterThan(0);
  });

  it('applies every checked-in migration when first opened', async () => {
    const database = await open();
    expect(database.provider).toBe(provider);
    expect(database.migrations).toEqual({ applied: checkedIn, modified: [] });
    await expect(database.ping()).resolves.toBeUndefined();
  });

  it('applies nothing when opened again', async () => {
    const database = await open();
    expect(database.migrations).toEqual({ applied: [], modified: [] });
  });

  it('seeds the three demo accounts with argon2id hashes that verify their passwords', async () => {
    const { prisma } = await open();
    const created = await seedDemoAccounts(prisma);
    expect(created.map((a) => a.email)).toEqual(demoAccounts.map((a) => a.email));
    for (const account of created) {
      const stored = await prisma.account.findUniqueOrThrow({ where: { email: account.email } });
      expect(stored.role).toBe(account.role);
      expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
      expect(stored.passwordHash).not.toContain(account.password);
      await expect(verifyPassword(stored.passwordHash, account.password)).resolves.toBe(true);
      await expect(verifyPassword(stored.passwordHash, `${account.password}x`)).resolves.toBe(
        false,
      );
    }
    expect(new Set(created.map((a) => a.password)).size).toBe(3);
  });

  it('seeds nothing the second time and leaves the stored hashes alone', async () => {
    const { prisma } = await open();
    const before = await prisma.account.findMany({ orderBy: { email: 'asc' } });
    await expect(seedDemoAccounts(prisma)).resolves.toEqual([]);
    await expect(prisma.account.findMany({ orderBy: { email: 'asc' } })).resolves.toEqual(before);
    expect(before).toHaveLength(3);
  });

  it('stores a lab session and its graded attempts, with check results as JSON', async () => {
    const { prisma } = await open();
    const student = await prisma.account.findUniqueOrThrow({
      where: { email: 'student@kubebelt.local' },
    });
    const session = await prisma.labSession.create({
      data: {
        accountId: student.id,
        labId: 'deployments-101',
        clusterId: 'c-1',
        status: 'running',
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    });
    const results = [
      { check: 'deployment-web-replicas', passed: false, message: 'has 2, expected 3' },
    ];
    await prisma.attempt.create({
      data: { sessionId: session.id, taskId: 't1', results, score: 0.5 },
    });

    const loaded = await prisma.labSession.findUniqueOrThrow({
      where: { id: session.id },
      include: { attempts: true, account: true },
    });
    expect(loaded.account.email).toBe('student@kubebelt.local');
    expect(loaded.endedAt).toBeNull();
    expect(loaded.attempts).toMatchObject([{ taskId: 't1', score: 0.5, results }]);
  });

  it('deletes an account together with its sessions and their attempts', async () => {
    const { prisma } = await open();
    await prisma.account.delete({ where: { email: 'student@kubebelt.local' } });
    await expect(prisma.labSession.count()).resolves.toBe(0);
    await expect(prisma.attempt.count()).resolves.toBe(0);
  });
}
