/** Positional parameters (`$1`, `$2`…) collected while SQL is assembled, numbered in the order they are added. */
export class SqlParams {
  readonly values: unknown[];

  constructor(initial: unknown[] = []) {
    this.values = [...initial];
  }

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
