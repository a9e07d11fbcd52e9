import { INestApplication, RequestMethod } from '@nestjs/common';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { IS_PUBLIC, PERMISSION } from '../../src/common/auth/decorators';
import { API_PREFIX } from '../../src/common/http/configure-http';

// Nest's metadata keys (PATH_METADATA, METHOD_METADATA of @nestjs/common/constants).
const PATH = 'path';
const METHOD = 'method';
const UNPREFIXED = new Set(['/health/live', '/health/ready']);

export interface DeclaredRoute {
  route: string; // "GET /api/v1/me"
  access: string; // "public", a permission, or "NONE"
}

const join = (...parts: string[]) =>
  `/${parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/')}`;

/** Every HTTP route of the running app with the access it declares. */
export function declaredRoutes(app: INestApplication): DeclaredRoute[] {
  const reflector = app.get(Reflector);
  const routes: DeclaredRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const base = (Reflect.getMetadata(PATH, controller) as string | undefined) ?? '';
      const proto = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH, handler) as string | undefined;
        const method = Reflect.getMetadata(METHOD, handler) as RequestMethod | undefined;
        if (path === undefined || method === undefined) continue;
        let full = join(base, path);
        if (!UNPREFIXED.has(full)) full = join(API_PREFIX, full);
        const targets = [handler as () => unknown, controller];
        const isPublic = reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets);
        const permission = reflector.getAllAndOverride<string>(PERMISSION, targets);
        routes.push({
          route: `${RequestMethod[method]} ${full}`,
          access: isPublic ? 'public' : (permission ?? 'NONE'),
        });
      }
    }
  }
  return routes.sort((a, b) => a.route.localeCompare(b.route));
}
