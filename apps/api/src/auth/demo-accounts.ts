import { type PrismaClient, Role } from '../database/prisma-client';
import { generatePassword, hashPassword, verifyPassword } from './passwords';

export const demoAccounts = [
  { email: 'student@kubebelt.local', name: 'Demo Student', role: Role.student },
  { email: 'instructor@kubebelt.local', name: 'Demo Instructor', role: Role.instructor },
  { email: 'admin@kubebelt.local', name: 'Demo Admin', role: Role.admin },
] as const;

export interface CreatedAccount {
  email: string;
  role: Role;
  /** in clear, only so that it can be shown once; only the hash is stored */
  password: string;
}

/**
 * Creates whichever demo accounts do not exist yet, each with a new random password (or
 * `fixedPassword`, KUBEBELT_DEMO_PASSWORD), and returns them. Existing accounts keep their
 * password unless `fixedPassword` is given, which then becomes theirs too.
 */
export async function seedDemoAccounts(
  prisma: PrismaClient,
  fixedPassword?: string,
): Promise<CreatedAccount[]> {
  const created: CreatedAccount[] = [];
  for (const account of demoAccounts) {
    const exists = await prisma.account.findUnique({ where: { email: account.email } });
    if (exists) {
      if (fixedPassword && !(await verifyPassword(exists.passwordHash, fixedPassword))) {
        await prisma.account.update({
          where: { id: exists.id },
          data: { passwordHash: await hashPassword(fixedPassword) },
        });
      }
      continue;
    }
    const password = fixedPassword ?? generatePassword();
    try {
      await prisma.account.create({
        data: { ...account, passwordHash: await hashPassword(password) },
      });
    } catch (error) {
      // another replica starting at the same time created it first
      if ((error as { code?: string }).code === 'P2002') continue;
      throw error;
    }
    created.push({ email: account.email, role: account.role, password });
  }
  return created;
}

/** The console text that hands the passwords over, once. */
export function describeCreatedAccounts(accounts: CreatedAccount[]): string {
  const width = Math.max(...accounts.map((a) => a.email.length));
  const lines = accounts.map(
    (a) => `  ${a.email.padEnd(width)}  ${a.role.padEnd(10)}  ${a.password}`,
  );
  return [
    'Demo accounts created. Their passwords are shown this once and never again:',
    ...lines,
    '',
  ].join('\n');
}
