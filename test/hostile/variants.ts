/** The parts of an OpenAPI 3 document this suite reads. */
interface SchemaObject {
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: SchemaObject | ReferenceObject;
  properties?: Record<string, SchemaObject | ReferenceObject>;
}
interface ReferenceObject {
  $ref: string;
}
interface ParameterObject {
  name: string;
  in: string;
}
interface OperationObject {
  parameters?: unknown[];
  requestBody?: unknown;
}
export interface OpenAPIObject {
  paths: Record<string, Partial<Record<Operation['method'], OperationObject>>>;
  components?: { schemas?: Record<string, unknown> };
}

export interface Operation {
  path: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  op: OperationObject;
  document: OpenAPIObject;
}

export interface Variant {
  label: string;
  url: string;
  body?: unknown;
  rawBody?: string | Buffer;
  contentType?: string;
}

const RANDOM_ID = '6f1c2d3e-4b5a-4c6d-8e7f-0123456789ab';
const HUGE = 'x'.repeat(200_000);
const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

/** URL-encoded; a lone surrogate becomes the bytes of one (ED A0 80: not UTF-8). */
function encodeQuery(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value.replace(/[\ud800-\udfff]/g, '%ED%A0%80');
  }
}

/** Values of the wrong kind for a field of any type. */
const WRONG_VALUES: [string, unknown][] = [
  ['number', 123456789012345],
  ['negative', -1],
  ['float', 1.5e308],
  ['boolean', true],
  ['null', null],
  ['array', ['a', 1]],
  ['nested list', [[{ fr: 'x' }]]],
  ['object', { fr: 'x', unexpected: 1 }],
  ['NUL', 'a\u0000b'],
  ['lone surrogate', 'a\ud800b'],
  ['long string', 'y'.repeat(60_000)],
  ['uuid of nobody', RANDOM_ID],
  ['date far away', '9999-12-31T23:59:59Z'],
  ['sql', "'; DROP TABLE app_user; --"],
];

function resolve(
  document: OpenAPIObject,
  schema: SchemaObject | ReferenceObject | undefined,
): SchemaObject | undefined {
  if (!schema) return undefined;
  if ('$ref' in schema) {
    const name = schema.$ref.split('/').pop()!;
    return document.components?.schemas?.[name] as SchemaObject | undefined;
  }
  return schema;
}

/** A plausible valid value for a schema, so that one wrong field at a time reaches deeper checks. */
function plausible(document: OpenAPIObject, schema: SchemaObject | ReferenceObject | undefined, depth = 0): unknown {
  const s = resolve(document, schema);
  if (!s || depth > 4) return 'x';
  if (s.enum) return s.enum[0];
  if (s.type === 'array') return [plausible(document, s.items, depth + 1)];
  if (s.type === 'integer' || s.type === 'number') return 1;
  if (s.type === 'boolean') return true;
  if (s.properties) {
    return Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, plausible(document, v, depth + 1)]));
  }
  if (s.format === 'uuid') return RANDOM_ID;
  return 'x';
}

/** Every hostile variant of one operation (the caller samples them). */
export function hostileVariants(operation: Operation, foreignIds: string[]): Variant[] {
  const { op, document } = operation;
  const params = (op.parameters ?? []) as ParameterObject[];
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  const withIds = (id: string) => operation.path.replace(/\{(\w+)\}/g, () => encodeURIComponent(id));
  const base = withIds(foreignIds[0] ?? RANDOM_ID);
  const variants: Variant[] = [];

  if (pathParams.length > 0) {
    for (const id of [
      ...foreignIds,
      RANDOM_ID,
      'pas-un-id',
      'a'.repeat(300),
      '%00',
      "1' OR '1'='1",
      '../../etc/passwd',
    ]) {
      variants.push({ label: `path id ${id.slice(0, 20)}`, url: withIds(id) });
    }
  }
  for (const q of queryParams) {
    for (const [label, value] of WRONG_VALUES) {
      if (typeof value === 'object' && value !== null) continue;
      variants.push({
        label: `query ${q.name} ${label}`,
        url: `${base}?${q.name}=${encodeQuery(String(value))}`,
      });
    }
    variants.push({ label: `query ${q.name} repeated`, url: `${base}?${q.name}=a&${q.name}=b&${q.name}[x][y]=z` });
  }

  const content = (op.requestBody as { content?: Record<string, { schema?: SchemaObject | ReferenceObject }> })
    ?.content;
  const json = content?.['application/json'];
  if (json || ['post', 'put', 'patch'].includes(operation.method)) {
    const schema = resolve(document, json?.schema);
    const valid = (plausible(document, schema) ?? {}) as Record<string, unknown>;
    variants.push(
      { label: 'empty body', url: base, body: {} },
      { label: 'array body', url: base, body: [valid] },
      {
        label: 'unknown keys',
        url: base,
        body: { ...valid, ...Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`k${i}`, i])) },
      },
      { label: '__proto__', url: base, rawBody: `{"__proto__":{"role":"admin"},"constructor":{"prototype":{}}}` },
      { label: 'deep nesting', url: base, rawBody: `{"a":${deep(6000)}}` },
      { label: 'huge string', url: base, body: { ...valid, huge: HUGE } },
      { label: 'malformed JSON', url: base, rawBody: '{"a": 1,,}' },
      {
        label: 'invalid UTF-8',
        url: base,
        rawBody: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      },
      { label: 'JSON as text/plain', url: base, rawBody: JSON.stringify(valid), contentType: 'text/plain' },
      { label: 'scalar body', url: base, rawBody: '"x"' },
    );
    for (const [field, fieldSchema] of Object.entries(schema?.properties ?? {})) {
      for (const [label, value] of WRONG_VALUES) {
        variants.push({ label: `${field} ${label}`, url: base, body: { ...valid, [field]: value } });
      }
      const inner = resolve(document, fieldSchema);
      const item = inner?.type === 'array' ? resolve(document, inner.items) : inner;
      for (const [sub] of Object.entries(item?.properties ?? {})) {
        const nested = plausible(document, item) as Record<string, unknown>;
        for (const [label, value] of WRONG_VALUES.slice(0, 9)) {
          const broken = { ...nested, [sub]: value };
          variants.push({
            label: `${field}.${sub} ${label}`,
            url: base,
            body: { ...valid, [field]: inner?.type === 'array' ? [broken] : broken },
          });
        }
      }
    }
  }
  if (variants.length === 0) variants.push({ label: 'plain', url: base });
  return variants;
}
