import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '../database/prisma-client';
import type { SignedIn } from './signed-in';

export const PUBLIC_ROUTE = 'kubebelt:public';
export const REQUIRED_ROLES = 'kubebelt:roles';

/** A route anyone may call, signed in or not. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** A route only these roles may call (403 for the others). */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/** The signed-in account of the request (set by AuthGuard). */
export const Me = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): SignedIn =>
    ctx.switchToHttp().getRequest<{ signedIn: SignedIn }>().signedIn,
);
