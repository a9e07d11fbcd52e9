import { buildOpportunitySearch } from './opportunity-search.sql';

describe('buildOpportunitySearch', () => {
  it('binds a date-time as a normalised UTC instant, whatever its offset', () => {
    const { page, count } = buildOpportunitySearch(
      { closingAfter: '2027-01-01T00:00:00+20:00', closingBefore: '2027-01-01T00:00:00-23:59', page: 1, pageSize: 20 },
      null,
    );
    expect(count.params).toContain('2026-12-31T04:00:00.000Z');
    expect(count.params).toContain('2027-01-01T23:59:00.000Z');
    expect(page.params).not.toContain('2027-01-01T00:00:00+20:00');
  });

  it('binds a date as it is (midnight in Montréal)', () => {
    const { count } = buildOpportunitySearch({ closingAfter: '2027-01-20', page: 1, pageSize: 20 }, null);
    expect(count.params).toContain('2027-01-20');
    expect(count.sql).toContain("::date::timestamp AT TIME ZONE 'America/Montreal'");
  });

  it('skips (page - 1) × pageSize rows', () => {
    const statements = buildOpportunitySearch({ page: 1_000_000, pageSize: 100 }, null);
    expect(statements.offset).toBe(99_999_900);
    expect(statements.page.params.slice(-2)).toEqual([100, 99_999_900]);
  });
});
