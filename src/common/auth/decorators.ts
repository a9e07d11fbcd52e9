import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { RequestWithId } from '../http/request-id.middleware';
import type { Actor, CommandContext } from './actor';
import type { Permission } from './permissions';

export const IS_PUBLIC = 'echanges:public';
export const PERMISSION = 'echanges:permission';

/** Open to anyone; a valid token, when sent, still identifies the caller. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The permission a route needs (see ROLE_PERMISSIONS). Every non-public route has one. */
export const RequirePermission = (permission: Permission) => SetMetadata(PERMISSION, permission);

type AuthedRequest = Request & { user?: Actor } & Partial<RequestWithId>;

/** The authenticated caller (undefined on a public route called anonymously). */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor | undefined => {
  return ctx.switchToHttp().getRequest<AuthedRequest>().user;
});

/** Actor and request id, as commands need them for their audit events. */
export const Ctx = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandContext => {
  const req = ctx.switchToHttp().getRequest<AuthedRequest>();
  return { actor: req.user ?? null, requestId: req.id ?? null };
});
