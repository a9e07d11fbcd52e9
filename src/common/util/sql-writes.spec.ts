import { combinedWrite } from './sql-writes';

describe('combinedWrite', () => {
  it('leaves a single write as it is', () => {
    expect(combinedWrite([{ sql: 'INSERT INTO a (x) VALUES ($1)', params: [1] }])).toEqual({
      sql: 'INSERT INTO a (x) VALUES ($1)',
      params: [1],
    });
  });

  it('puts the others in WITH and renumbers their placeholders in order', () => {
    const combined = combinedWrite([
      { sql: 'INSERT INTO a (x, y) VALUES ($1, $2::int)', params: ['a', 2] },
      { sql: 'INSERT INTO b (x) SELECT unnest($1::text[])', params: [['b']] },
      { sql: 'UPDATE c SET x = $2 WHERE id = $1', params: [10, 'c'] },
    ]);
    expect(combined).toEqual({
      sql:
        'WITH w0 AS (INSERT INTO a (x, y) VALUES ($1, $2::int)), w1 AS (INSERT INTO b (x) SELECT unnest($3::text[])) ' +
        'UPDATE c SET x = $5 WHERE id = $4',
      params: ['a', 2, ['b'], 10, 'c'],
    });
  });

  it('is null when there is nothing to write', () => {
    expect(combinedWrite([])).toBeNull();
  });
});
