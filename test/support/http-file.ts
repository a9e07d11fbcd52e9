import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * Runs a `.http` file (the format of VS Code's REST Client and JetBrains' HTTP client) against
 * a running API, so that the walkthrough in docs/ is also a test. Supported, as those clients
 * read it: `@name = value` file variables; requests separated by `###`; `# @name x` to name a
 * request; `{{var}}`, `{{$guid}}` and `{{x.response.body.$.a.b[0].c}}` references. One
 * convention of ours, a comment to those clients: `# @expect 201`, the status the step must
 * answer (200 when absent).
 */
export interface HttpStep {
  title: string;
  name?: string;
  method: string;
  url: string;
  expected: number;
  status: number;
  body: unknown;
}

interface Block {
  title: string;
  name?: string;
  expected: number;
  lines: string[];
}

function parse(text: string): { variables: Map<string, string>; blocks: Block[] } {
  const variables = new Map<string, string>();
  const blocks: Block[] = [];
  let current: Block | null = null;
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('###')) {
      current = { title: line.replace(/^###\s*/, ''), expected: 200, lines: [] };
      blocks.push(current);
      continue;
    }
    const variable = /^@([\w-]+)\s*=\s*(.*)$/.exec(line);
    if (!current) {
      if (variable) variables.set(variable[1], variable[2].trim());
      continue;
    }
    const directive = /^(?:#|\/\/)\s*@(name|expect)\s+(\S+)/.exec(line);
    if (directive) {
      if (directive[1] === 'name') current.name = directive[2];
      else current.expected = Number(directive[2]);
      continue;
    }
    if (/^(#|\/\/)/.test(line) && current.lines.length === 0) continue;
    if (current.lines.length === 0 && line.trim() === '') continue;
    current.lines.push(line);
  }
  return { variables, blocks: blocks.filter((b) => b.lines.length > 0) };
}

/** `$.items[0].id` over a parsed JSON body. */
function jsonPath(value: unknown, path: string): unknown {
  const parts = path.replace(/^\$\.?/, '').match(/[^.[\]]+/g) ?? [];
  return parts.reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], value);
}

export async function runHttpFile(
  file: string,
  overrides: Record<string, string> = {},
  onStep: (step: HttpStep) => void = () => {},
): Promise<HttpStep[]> {
  const { variables, blocks } = parse(readFileSync(file, 'utf8'));
  for (const [k, v] of Object.entries(overrides)) variables.set(k, v);
  const responses = new Map<string, unknown>();
  const resolve = (text: string): string =>
    text.replace(/\{\{\s*([^}]+?)\s*\}\}/g, (_, ref: string) => {
      if (ref === '$guid') return randomUUID();
      const response = /^([\w-]+)\.response\.body\.(\$.*)$/.exec(ref);
      if (response) {
        if (!responses.has(response[1])) throw new Error(`${ref}: no response named ${response[1]} yet`);
        const found = jsonPath(responses.get(response[1]), response[2]);
        if (found === undefined) throw new Error(`${ref}: nothing at that path`);
        return typeof found === 'string' ? found : JSON.stringify(found);
      }
      if (!variables.has(ref)) throw new Error(`{{${ref}}}: unknown variable`);
      return resolve(variables.get(ref)!);
    });
  const steps: HttpStep[] = [];
  for (const block of blocks) {
    const [requestLine, ...rest] = block.lines;
    const [method, url] = resolve(requestLine).trim().split(/\s+/);
    const blank = rest.findIndex((l) => l.trim() === '');
    const headerLines = blank < 0 ? rest : rest.slice(0, blank);
    const bodyText =
      blank < 0
        ? ''
        : rest
            .slice(blank + 1)
            .join('\n')
            .trim();
    const headers = Object.fromEntries(
      headerLines.map((l) => {
        const at = l.indexOf(':');
        return [l.slice(0, at).trim(), resolve(l.slice(at + 1).trim())];
      }),
    );
    const res = await fetch(url, { method, headers, body: bodyText ? resolve(bodyText) : undefined });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON (CSV, JSON Lines): kept as text
    }
    if (block.name) responses.set(block.name, body);
    const step = {
      title: block.title,
      name: block.name,
      method,
      url,
      expected: block.expected,
      status: res.status,
      body,
    };
    steps.push(step);
    onStep(step);
  }
  return steps;
}
