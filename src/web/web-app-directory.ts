import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder Vite builds the web app into: dist/web at the package root (found from this file). */
export function webAppDirectory(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', 'web');
}
