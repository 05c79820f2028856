import { buildLinkHeader, lastPageOf, offsetOf } from '../../src/shared/pagination';

const url = new URL('http://localhost:3001/api/products?category_id=2&page=3&per_page=10');

const relations = (header: string) =>
  Object.fromEntries(
    header.split(', ').map((part) => {
      const [, href, rel] = /^<([^>]+)>; rel="(\w+)"$/.exec(part) ?? [];
      return [rel, new URL(href!).searchParams.get('page')];
    }),
  );

describe('buildLinkHeader', () => {
  test('gives first, prev, next and last for a middle page, keeping the other query parameters', () => {
    const header = buildLinkHeader(url, { page: 3, per_page: 10 }, 95);
    expect(relations(header)).toEqual({ first: '1', prev: '2', next: '4', last: '10' });
    expect(header).toContain('category_id=2');
  });

  test('omits prev on the first page and next on the last', () => {
    expect(relations(buildLinkHeader(url, { page: 1, per_page: 10 }, 20))).toEqual({
      first: '1',
      next: '2',
      last: '2',
    });
    expect(relations(buildLinkHeader(url, { page: 2, per_page: 10 }, 20))).toEqual({
      first: '1',
      prev: '1',
      last: '2',
    });
  });

  test('an empty list has one page; a page past the end points back to the last one', () => {
    expect(relations(buildLinkHeader(url, { page: 1, per_page: 10 }, 0))).toEqual({ first: '1', last: '1' });
    expect(relations(buildLinkHeader(url, { page: 7, per_page: 10 }, 15))).toEqual({
      first: '1',
      prev: '2',
      last: '2',
    });
  });
});

test('offsetOf and lastPageOf', () => {
  expect(offsetOf({ page: 3, per_page: 20 })).toBe(40);
  expect(lastPageOf(41, 20)).toBe(3);
  expect(lastPageOf(0, 20)).toBe(1);
});
