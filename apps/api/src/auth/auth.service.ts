import type { AdminAccountView, UpdateAccountRequest } from '@kubebelt/contract';
import {
  ConflictException,
  ForbiddenException,
  HttpException,
  HttpStatus,
  Injectable,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Database } from '../database/database';
import type { Account, Role } from '../database/prisma-client';
import { PlatformSettings } from '../settings/platform-settings.service';
import { newToken, tokenHash } from './auth-tokens';
import { LoginThrottle } from './login-throttle';
import { hashPassword, verifyPassword } from './passwords';
import type { SignedIn } from './signed-in';

export const SESSION_DAYS = 7;
const DAY_MS = 24 * 60 * 60_000;

/** The same answer for an unknown email and a wrong password, so neither can be probed. */
const BAD_CREDENTIALS = 'Invalid email or password';

// A hash to verify against when the email is unknown, so both cases take the same time.
let decoyHash: Promise<string> | undefined;

@Injectable()
export class AuthService {
  constructor(
    private readonly database: Database,
    private readonly throttle: LoginThrottle,
    private readonly settings: PlatformSettings,
    private readonly audit: AuditService,
  ) {}

  private get prisma() {
    return this.database.prisma;
  }

  async login(email: string, password: string): Promise<{ account: Account; token: string }> {
    const wait = this.throttle.retryAfter(email);
    if (wait > 0) {
      throw new HttpException(
        {
          statusCode: 429,
          message: `Too many failed sign-ins for this account: try again in ${wait} s`,
          retryAfter: wait,
        },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    const account = await this.prisma.account.findUnique({ where: { email } });
    decoyHash ??= hashPassword('kubebelt-decoy-password');
    const ok = await verifyPassword(account?.passwordHash ?? (await decoyHash), password);
    if (!account || !ok) {
      this.throttle.recordFailure(email);
      throw new UnauthorizedException(BAD_CREDENTIALS);
    }
    this.throttle.recordSuccess(email);
    if (account.disabledAt) throw new ForbiddenException('This account is disabled');
    return { account, token: await this.startSession(account.id) };
  }

  async startSession(accountId: string): Promise<string> {
    const token = newToken();
    await this.prisma.authSession.create({
      data: {
        id: tokenHash(token),
        accountId,
        expiresAt: new Date(Date.now() + SESSION_DAYS * DAY_MS),
      },
    });
    return token;
  }

  /** The account a session cookie belongs to; sliding expiry, touched at most once a minute. */
  async signedIn(token: string | undefined): Promise<SignedIn | undefined> {
    if (!token || token.length > 200) return undefined;
    const id = tokenHash(token);
    const session = await this.prisma.authSession.findUnique({
      where: { id },
      include: { account: true },
    });
    if (!session || session.account.disabledAt) return undefined;
    const now = Date.now();
    if (session.expiresAt.getTime() <= now) {
      await this.prisma.authSession.deleteMany({ where: { id } });
      return undefined;
    }
    if (now - session.lastSeenAt.getTime() > 60_000) {
      await this.prisma.authSession.updateMany({
        where: { id },
        data: { lastSeenAt: new Date(now), expiresAt: new Date(now + SESSION_DAYS * DAY_MS) },
      });
    }
    return { account: session.account, sessionId: id };
  }

  async logout(sessionId: string): Promise<void> {
    await this.prisma.authSession.deleteMany({ where: { id: sessionId } });
  }

  /** Creates an account; `createdById` is the admin's, or none when someone registers. */
  async createAccount(
    data: { email: string; name: string; role: Role; password: string },
    createdById?: string,
  ): Promise<Account> {
    const existing = await this.prisma.account.findUnique({ where: { email: data.email } });
    if (existing)
      throw new HttpException(
        { statusCode: 409, message: `An account with email ${data.email} exists already` },
        HttpStatus.CONFLICT,
      );
    const account = await this.prisma.account.create({
      data: {
        email: data.email,
        name: data.name,
        role: data.role,
        passwordHash: await hashPassword(data.password),
      },
    });
    await this.audit.record({
      actorId: createdById ?? account.id,
      action: createdById ? 'account.created' : 'account.registered',
      target: { type: 'account', id: account.id },
      detail: { email: account.email, role: account.role },
    });
    return account;
  }

  async createInvitation(
    createdById: string,
    email: string,
    role: Role,
    validDays: number,
    classId?: string,
  ) {
    const token = newToken();
    const invitation = await this.prisma.invitation.create({
      data: {
        tokenHash: tokenHash(token),
        email,
        role,
        createdById,
        classId: classId ?? null,
        expiresAt: new Date(Date.now() + validDays * DAY_MS),
      },
    });
    await this.audit.record({
      actorId: createdById,
      action: 'invitation.created',
      target: { type: 'invitation', id: invitation.id },
      detail: { email, role, ...(classId ? { classId } : {}) },
    });
    return { invitation, token };
  }

  /** Registers an account, with an invitation (its email and role) or, when allowed, without. */
  async register(data: {
    email: string;
    name: string;
    password: string;
    invitation?: string;
  }): Promise<Account> {
    if (data.invitation) {
      const invitation = await this.prisma.invitation.findUnique({
        where: { tokenHash: tokenHash(data.invitation) },
      });
      if (!invitation || invitation.acceptedAt || invitation.expiresAt.getTime() < Date.now())
        throw new HttpException(
          { statusCode: 400, message: 'The invitation is unknown, used or expired' },
          HttpStatus.BAD_REQUEST,
        );
      if (invitation.email !== data.email)
        throw new HttpException(
          { statusCode: 400, message: `The invitation is for ${invitation.email}` },
          HttpStatus.BAD_REQUEST,
        );
      const account = await this.createAccount({ ...data, role: invitation.role });
      await this.prisma.invitation.update({
        where: { id: invitation.id },
        data: { acceptedAt: new Date() },
      });
      // an invitation sent from a class's member list makes the new learner a member
      if (invitation.classId)
        await this.prisma.classMember.createMany({
          data: [{ classId: invitation.classId, accountId: account.id }],
        });
      return account;
    }
    if (!this.settings.get('selfRegistration'))
      throw new HttpException(
        { statusCode: 403, message: 'Registration needs an invitation on this platform' },
        HttpStatus.FORBIDDEN,
      );
    return this.createAccount({ ...data, role: 'student' });
  }

  async listAccounts(): Promise<AdminAccountView[]> {
    const accounts = await this.prisma.account.findMany({ orderBy: { createdAt: 'asc' } });
    return accounts.map(adminAccountView);
  }

  /**
   * An admin changes an account's role or disables it (its browsers are signed out) or enables
   * it again. Admins cannot change or disable their own account, so one always remains.
   */
  async updateAccount(
    actorId: string,
    id: string,
    change: UpdateAccountRequest,
  ): Promise<AdminAccountView> {
    const account = await this.prisma.account.findUnique({ where: { id } });
    if (!account) throw new NotFoundException(`No account ${id}`);
    if (id === actorId) throw new ConflictException('Admins cannot change their own account here');
    let updated = account;
    if (change.role && change.role !== account.role) {
      updated = await this.prisma.account.update({ where: { id }, data: { role: change.role } });
      await this.audit.record({
        actorId,
        action: 'account.role-changed',
        target: { type: 'account', id },
        detail: { email: account.email, from: account.role, to: change.role },
      });
    }
    if (change.disabled !== undefined && change.disabled !== Boolean(account.disabledAt)) {
      updated = await this.prisma.account.update({
        where: { id },
        data: { disabledAt: change.disabled ? new Date() : null },
      });
      if (change.disabled) await this.prisma.authSession.deleteMany({ where: { accountId: id } });
      await this.audit.record({
        actorId,
        action: change.disabled ? 'account.disabled' : 'account.enabled',
        target: { type: 'account', id },
        detail: { email: account.email },
      });
    }
    return adminAccountView(updated);
  }
}

export function adminAccountView(account: Account): AdminAccountView {
  return {
    id: account.id,
    email: account.email,
    name: account.name,
    role: account.role,
    createdAt: account.createdAt.toISOString(),
    disabled: Boolean(account.disabledAt),
  };
}
