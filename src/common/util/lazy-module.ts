/**
 * A package loaded the first time it is used, not when the application starts (issue #14: the
 * start loads only what being ready needs). `const yaml = lazyModule<typeof import('yaml')>('yaml')`
 * then `yaml().parse(…)`. The module is Node's own `require` result (for a CommonJS default
 * export, the exported value itself).
 */
export function lazyModule<T>(id: string): () => T {
  let loaded: { value: T } | undefined;
  return () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded ??= { value: require(id) as T };
    return loaded.value;
  };
}
