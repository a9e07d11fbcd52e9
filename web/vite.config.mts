// Vite build of the web app into dist/web (served by the API process, src/web/web-app.module.ts).
// JSX is compiled by Vite's own transformer (no React plugin: see docs/web.md). The Québec design
// system kit (qc-trousse-sdg) is copied as published into dist/web/sdg, with its licence notices.
import { cpSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '..', 'dist', 'web');
const kit = join(here, '..', 'node_modules', 'qc-trousse-sdg');

function designSystemKit(): Plugin {
  const copy = (target: string) => {
    cpSync(join(kit, 'dist'), join(target, 'sdg'), { recursive: true });
    for (const file of ['copyright.txt', 'package.json', 'README.md'])
      cpSync(join(kit, file), join(target, 'sdg', file));
  };
  return {
    name: 'qc-trousse-sdg',
    configureServer: () => copy(join(here, 'public')),
    writeBundle: () => copy(outDir),
  };
}

export default defineConfig({
  root: here,
  base: '/',
  publicDir: false,
  plugins: [designSystemKit()],
  oxc: { jsx: { runtime: 'automatic' } },
  build: { outDir, emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 800 },
  server: { proxy: { '/api': 'http://localhost:3000', '/health': 'http://localhost:3000' } },
});
