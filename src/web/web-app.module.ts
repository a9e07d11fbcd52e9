import { Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { ExpressAdapter } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { webAppDirectory } from './web-app-directory';

/** Paths that belong to the API: never answered with the web app, so unknown ones keep the JSON 404. */
const API_PATH = /^\/(api|health)(\/|$)/;
/** A missing file (script, image) gets the 404, not the page. */
const FILE_PATH = /\.[A-Za-z0-9]+$/;

/**
 * Serves the built web application (dist/web, built by `npm run build`) from the API process:
 * its static files at `/`, and index.html for any other GET that asks for HTML and is not an API
 * path (history fallback, so a shared URL such as /appels/123 opens the page). Runs in onModuleInit,
 * i.e. after Nest registered its routes and before its not-found handler, so API routes win and
 * unknown API paths still get the JSON error envelope.
 */
@Module({})
export class WebAppModule implements OnModuleInit {
  private readonly logger = new Logger('WebApp');

  constructor(private readonly host: HttpAdapterHost) {}

  onModuleInit(): void {
    const adapter = this.host.httpAdapter as ExpressAdapter | undefined;
    if (!adapter) return; // worker role: no HTTP
    const dir = webAppDirectory();
    const index = join(dir, 'index.html');
    if (!existsSync(index)) {
      this.logger.warn(`Application web absente (${dir}) : lancer « npm run build ».`);
      return;
    }
    adapter.useStaticAssets(dir, {
      index: false,
      setHeaders: (res: Response, path: string) => {
        // Vite names assets by content hash; everything else is revalidated.
        res.setHeader('Cache-Control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    adapter.use((req: Request, res: Response, next: NextFunction) => {
      const wantsPage =
        (req.method === 'GET' || req.method === 'HEAD') && !API_PATH.test(req.path) && !FILE_PATH.test(req.path);
      if (!wantsPage || !req.accepts('html')) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
    });
  }
}
