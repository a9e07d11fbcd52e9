import { earlyTransactionOf } from '../command/early-transaction';
import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';
import type { Request } from 'express';
import type { RequestWithId } from '../http/request-id.middleware';
import type { Actor, CommandContext } from './actor';
import type { Permission } from './permissions';

export const IS_PUBLIC = 'echanges:public';
export const PERMISSION = 'echanges:permission';

/**
 * Open to anyone; a valid token, when sent, still identifies the caller. The OpenAPI document
 * says exactly that: anonymous (`{}`) or bearer (the operation-level `security` overrides any
 * class-level @ApiBearerAuth).
 */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiBearerAuth(), ApiSecurity({}));

/**
 * The permission a route needs (see ROLE_PERMISSIONS). Every non-public route has one, and
 * its OpenAPI operation says bearer only.
 */
export const RequirePermission = (permission: Permission) =>
  applyDecorators(SetMetadata(PERMISSION, permission), ApiBearerAuth());

type AuthedRequest = Request & { user?: Actor } & Partial<RequestWithId>;

/** The authenticated caller (undefined on a public route called anonymously). */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor | undefined => {
  return ctx.switchToHttp().getRequest<AuthedRequest>().user;
});

/** Actor and request id, as commands need them for their audit events. */
export const Ctx = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandContext => {
  const req = ctx.switchToHttp().getRequest<AuthedRequest>();
  const early = earlyTransactionOf(req);
  return { actor: req.user ?? null, requestId: req.id ?? null, ...(early ? { early } : {}) };
});
