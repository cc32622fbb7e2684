import { HttpException, HttpStatus, Injectable, UnauthorizedException } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import type { Account, Role } from '../database/prisma-client';
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
    private readonly config: AppConfig,
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
    if (!session) return undefined;
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

  async createAccount(data: {
    email: string;
    name: string;
    role: Role;
    password: string;
  }): Promise<Account> {
    const existing = await this.prisma.account.findUnique({ where: { email: data.email } });
    if (existing)
      throw new HttpException(
        { statusCode: 409, message: `An account with email ${data.email} exists already` },
        HttpStatus.CONFLICT,
      );
    return this.prisma.account.create({
      data: {
        email: data.email,
        name: data.name,
        role: data.role,
        passwordHash: await hashPassword(data.password),
      },
    });
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
    if (!this.config.platform.selfRegistration)
      throw new HttpException(
        { statusCode: 403, message: 'Registration needs an invitation on this platform' },
        HttpStatus.FORBIDDEN,
      );
    return this.createAccount({ ...data, role: 'student' });
  }
}
