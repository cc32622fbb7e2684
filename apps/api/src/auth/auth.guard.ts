import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { parse as parseCookies } from 'cookie';
import type { Request } from 'express';
import type { Role } from '../database/prisma-client';
import { AuthService } from './auth.service';
import { PUBLIC_ROUTE, REQUIRED_ROLES } from './decorators';
import { SESSION_COOKIE, type SignedIn } from './signed-in';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every route needs a signed-in account unless marked @Public(); @Roles() narrows it further.
 *
 * CSRF: the session cookie is SameSite=Lax, and a cookie-authenticated write must not come from
 * another site: it is refused when the browser says so (`Sec-Fetch-Site: cross-site`) or when its
 * `Origin` is not this server (OWASP's "verify origin with standard headers"). Clients that are not
 * browsers send neither header and are not affected.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request & { signedIn?: SignedIn }>();
    const targets = [context.getHandler(), context.getClass()];
    const token = sessionToken(request.headers.cookie);
    if (token && UNSAFE_METHODS.has(request.method)) assertSameOrigin(request);
    const signedIn = await this.auth.signedIn(token);
    if (signedIn) request.signedIn = signedIn;
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    if (!signedIn) throw new UnauthorizedException('Sign in first');
    const roles = this.reflector.getAllAndOverride<Role[]>(REQUIRED_ROLES, targets);
    if (roles?.length && !roles.includes(signedIn.account.role))
      throw new ForbiddenException(`This needs the role ${roles.join(' or ')}`);
    return true;
  }
}

export function sessionToken(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  return parseCookies(cookieHeader)[SESSION_COOKIE] || undefined;
}

function assertSameOrigin(request: Request): void {
  const site = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  const crossSite = site === 'cross-site';
  let foreignOrigin = false;
  if (origin && origin !== 'null') {
    try {
      foreignOrigin = new URL(origin).host !== request.headers.host;
    } catch {
      foreignOrigin = true;
    }
  }
  if (crossSite || foreignOrigin || origin === 'null')
    throw new ForbiddenException('Cross-site request refused (CSRF protection)');
}
