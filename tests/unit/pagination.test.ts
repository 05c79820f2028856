import { buildKeysetLinkHeader, buildLinkHeader, lastPageOf, offsetOf } from '../../src/shared/pagination';
import { hrefFor } from '../../src/shared/public-url';

const url = '/api/products?category_id=2&page=3&per_page=10';

const relations = (header: string) =>
  Object.fromEntries(
    header.split(', ').map((part) => {
      const [, href, rel] = /^<([^>]+)>; rel="(\w+)"$/.exec(part) ?? [];
      return [rel, new URL(href!, 'http://client.test').searchParams.get('page')];
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

describe('where links point', () => {
  test('without a public URL, every link is the relative path and query', () => {
    expect(buildLinkHeader(url, { page: 1, per_page: 10 }, 20)).toBe(
      '</api/products?category_id=2&page=1&per_page=10>; rel="first", ' +
        '</api/products?category_id=2&page=2&per_page=10>; rel="next", ' +
        '</api/products?category_id=2&page=2&per_page=10>; rel="last"',
    );
  });

  test('with a public URL, every link is that URL + path + query, its own path kept', () => {
    const header = buildLinkHeader(url, { page: 3, per_page: 10 }, 95, 'https://example.com/shop');
    for (const part of header.split(', '))
      expect(part).toMatch(/^<https:\/\/example\.com\/shop\/api\/products\?/);
    expect(buildKeysetLinkHeader('/api/products?after_id=4', 2, 9, 'https://shop.example.com')).toBe(
      '<https://shop.example.com/api/products?per_page=2>; rel="first", ' +
        '<https://shop.example.com/api/products?after_id=9&per_page=2>; rel="next"',
    );
  });

  test('a target that looks like another host (//evil.example/...) still gives links on this one', () => {
    for (const header of [
      buildLinkHeader('//evil.example/api/products?page=1', { page: 1, per_page: 10 }, 5),
      buildKeysetLinkHeader('//evil.example/api/products', 10, undefined),
    ]) {
      expect(header).not.toContain('evil.example');
      expect(header).toMatch(/^<\/[^/]/);
    }
    expect(hrefFor('//evil.example/x', undefined)).toBe('/evil.example/x');
    expect(hrefFor('/api/tags/3', 'https://example.com/shop')).toBe('https://example.com/shop/api/tags/3');
  });
});

test('offsetOf and lastPageOf', () => {
  expect(offsetOf({ page: 3, per_page: 20 })).toBe(40);
  expect(lastPageOf(41, 20)).toBe(3);
  expect(lastPageOf(0, 20)).toBe(1);
});
