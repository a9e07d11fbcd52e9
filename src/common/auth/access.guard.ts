import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { DomainError } from '../errors/domain-error';
import type { Actor } from './actor';
import { IS_PUBLIC, PERMISSION } from './decorators';
import { Permission, roleHas } from './permissions';

/**
 * The global guard: authenticates with the passport JWT strategy (optional on public
 * routes), then checks the route's declared permission against the role map. A route with
 * neither @Public nor @RequirePermission is refused, so a forgotten declaration fails closed.
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') implements CanActivate {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false;
    const req = context.switchToHttp().getRequest<{
      headers: Record<string, string | undefined>;
      user?: Actor;
      method: string;
      path: string;
    }>();

    if (isPublic) {
      if (req.headers.authorization) {
        try {
          await super.canActivate(context);
        } catch {
          req.user = undefined; // an invalid token on a public route reads as anonymous
        }
      }
      assertAuditorReads(req);
      return true;
    }

    await super.canActivate(context);
    assertAuditorReads(req);
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION, targets);
    if (!permission || !req.user || !roleHas(req.user.role, permission)) throw DomainError.forbidden();
    return true;
  }

  override handleRequest<TUser = Actor>(err: unknown, user: TUser | false): TUser {
    if (err || !user) throw new DomainError('UNAUTHENTICATED');
    return user;
  }
}

/** Methods that read. */
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Auditors read everything that is no longer sealed and write nothing (domain.md §2): any
 * other method is refused before the body is even validated, whatever the route declares;
 * only their own session (`/auth/*`: log in, refresh, log out) and password are theirs to change.
 */
function assertAuditorReads(req: { user?: Actor; method: string; path: string }): void {
  if (req.user?.role !== 'auditor' || READS.has(req.method.toUpperCase())) return;
  if (/^\/api\/v1\/auth\//.test(req.path) || req.path === '/api/v1/me/password') return;
  throw DomainError.forbidden('Les auditeurs consultent et ne modifient rien. / Auditors read and change nothing.');
}
