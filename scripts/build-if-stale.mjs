// `npm install`'s prepare and `npm start`'s prestart: rebuild only when a source is newer than the
// last build (as make does). With `--if-possible` (prepare) it builds nothing when the build tools
// are absent (a production install without devDependencies).
// The build writes dist/.build-stamp when it succeeds; any file under src/, migrations/ or web/
// (or a build setting) changed after it, or a missing output, triggers `npm run build`. The build
// remakes the pre-migrated embedded database template (dist/pglite-template) only when a migration
// changed; a stale template is never used (src/database/embedded-template.ts).
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const stamp = path.join(root, 'dist', '.build-stamp');
const sources = ['src', 'migrations', 'web', 'package.json', 'package-lock.json', 'tsconfig.json', '.swcrc'];
// Not dist/pglite-template: when it cannot be made the start still works (slower), and a missing
// template must not make every start rebuild.
const outputs = ['dist/src/main.js', 'dist/web/index.html'];

function newest(entry) {
  const full = path.join(root, entry);
  if (!existsSync(full)) return 0;
  const info = statSync(full);
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = info.mtimeMs;
  for (const child of readdirSync(full)) {
    if (child === 'node_modules' || child === 'dist') continue;
    latest = Math.max(latest, newest(path.join(entry, child)));
  }
  return latest;
}

if (process.argv.includes('--if-possible') && !existsSync(path.join(root, 'node_modules', '.bin', 'swc'))) {
  console.log('Outils de construction absents : rien à construire / build tools absent: nothing to build.');
  process.exit(0);
}

const built = existsSync(stamp) && outputs.every((o) => existsSync(path.join(root, o))) ? statSync(stamp).mtimeMs : 0;
const changed = Math.max(...sources.map(newest));
if (built > 0 && changed <= built) {
  console.log('Construction à jour, rien à reconstruire / build up to date, nothing to rebuild.');
} else {
  execSync('npm run build', { cwd: root, stdio: 'inherit' });
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}
