import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

export interface SecretFinding {
  file: string;
  line: number;
  rule: string;
}

const CONFIG = JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] });
const SECRETLINT_BIN = join(dirname(require.resolve('secretlint/package.json')), 'bin', 'secretlint.js');
const UNIX_LINE = /^(.+?):(\d+):\d+: \[([^\]]+)\]/;

/**
 * secretlint with its recommended preset (GitHub and GitLab tokens, AWS keys, private keys,
 * passwords in connection strings…) over every file of `root`, dotfiles included. It runs as
 * a child process (the CLI is ESM-only and a 1 GB tree is better scanned outside the
 * worker's heap), from `root` with our configuration and no ignore file: a `.secretlintrc`,
 * `.secretlintignore` or `.gitignore` in the archive changes nothing.
 */
export function secretlintFindings(root: string): Promise<SecretFinding[]> {
  const args = [
    SECRETLINT_BIN,
    '**/*',
    '--format',
    'unix',
    '--no-color',
    '--no-terminalLink',
    // secretlint 12 (the last for Node 20) reads no .gitignore at all; only its own ignore file, disabled here.
    '--secretlintignore',
    '/dev/null',
    '--secretlintrcJSON',
    CONFIG,
  ];
  return new Promise((resolve, fail) => {
    execFile(process.execPath, args, { cwd: root, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? Number((error as { code?: unknown }).code) : 0;
      if (code === 2 && /Not found target files/.test(stderr)) return resolve([]);
      if (code !== 0 && code !== 1) return fail(new Error(`secretlint: ${stderr || String(error)}`));
      const findings = stdout
        .split('\n')
        .map((line) => UNIX_LINE.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => ({ file: relative(root, m[1]) || m[1], line: Number(m[2]), rule: m[3] }));
      resolve(findings);
    });
  });
}

/** `.env`, `.env.local`, `prod.env`… but not the documented templates (`.env.example`, `.sample`, `.template`, `.dist`). */
export const isEnvFile = (name: string) =>
  (/^\.env(\..+)?$/i.test(name) || /\.env$/i.test(name)) && !/\.(example|sample|template|dist)$/i.test(name);

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*?)\s*$/;

/** Variables given a value in a committed .env file (names only: values never leave the check). */
export async function envFileFindings(root: string, files: readonly string[]): Promise<SecretFinding[]> {
  const findings: SecretFinding[] = [];
  for (const file of files.filter((f) => isEnvFile(f.split('/').pop() ?? ''))) {
    const text = await readFile(join(root, file), 'utf8');
    text.split(/\r?\n/).forEach((line, i) => {
      const m = ASSIGNMENT.exec(line);
      if (m && !/^(["']?)\1$/.test(m[2]) && !m[2].startsWith('#')) {
        findings.push({ file, line: i + 1, rule: `ENV_VALUE:${m[1]}` });
      }
    });
  }
  return findings;
}
