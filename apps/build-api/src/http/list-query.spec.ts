import { ApiError } from './api-error.js';
import { collectPage } from './list-page.js';
import {
  decodeContinue,
  encodeContinue,
  parseLabelSelector,
  parseLimit,
  parseListQuery,
  selects,
} from './list-query.js';

const fields = { fields: ['metadata.name'] };
const named = (...names: string[]) => names.map((name) => ({ metadata: { name } }));

describe('list queries', () => {
  describe(parseListQuery.name, () => {
    it('reads selectors, paging and watch options', () => {
      const token = encodeContinue({ resourceVersion: '42', after: 'b' });
      const query = parseListQuery(
        {
          labelSelector: 'app=web',
          fieldSelector: 'metadata.name!=x',
          limit: '2',
          continue: token,
          watch: '1',
          resourceVersion: '40',
          timeoutSeconds: '30',
        },
        fields,
      );
      expect(query).toEqual({
        selection: {
          labels: [{ key: 'app', operator: 'in', values: ['web'] }],
          fields: [{ field: 'metadata.name', operator: '!=', value: 'x' }],
        },
        limit: 2,
        continue: { resourceVersion: '42', after: 'b' },
        watch: true,
        resourceVersion: '40',
        timeoutSeconds: 30,
      });
    });

    it('refuses a malformed limit, watch or continue with a 400', () => {
      expect(() => parseListQuery({ limit: '-1' }, fields)).toThrow(ApiError);
      expect(() => parseListQuery({ watch: 'yes' }, fields)).toThrow(ApiError);
      expect(() => parseListQuery({ continue: 'not-a-token' }, fields)).toThrow(
        'continue key is not valid',
      );
    });
  });

  it('reads limit=0 as no limit', () => {
    expect(parseLimit('0')).toBeUndefined();
  });

  it('round-trips a continue token', () => {
    const token = { resourceVersion: '7', after: 'name-3' };
    expect(decodeContinue(encodeContinue(token))).toEqual(token);
  });

  it('keeps the equality-only parser for stores that filter on equality alone', () => {
    expect(parseLabelSelector('a=1,b=2')).toEqual({ a: '1', b: '2' });
    expect(() => parseLabelSelector('a in (1,2)')).toThrow(ApiError);
  });

  describe(selects.name, () => {
    it('needs both the labels and the fields to match', () => {
      const query = parseListQuery(
        { labelSelector: 'app', fieldSelector: 'metadata.name=a' },
        fields,
      );
      expect(selects(query.selection, { metadata: { name: 'a', labels: { app: 'x' } } })).toBe(
        true,
      );
      expect(selects(query.selection, { metadata: { name: 'b', labels: { app: 'x' } } })).toBe(
        false,
      );
      expect(selects(query.selection, { metadata: { name: 'a' } })).toBe(false);
    });
  });

  describe(collectPage.name, () => {
    const store = named(
      ...Array.from({ length: 1200 }, (_, i) => `n${String(i).padStart(4, '0')}`),
    );
    const scan = (after: string, size: number) =>
      Promise.resolve(store.filter((o) => o.metadata.name > after).slice(0, size));
    const everyThird = (o: { metadata: { name: string } }) =>
      Number(o.metadata.name.slice(1)) % 3 === 0;

    it('pages through kept items across store batches, with no empty last page', async () => {
      const seen: string[] = [];
      let after: string | undefined = '';
      let pages = 0;
      while (after !== undefined) {
        const page: { items: { metadata: { name: string } }[]; next?: string } = await collectPage(
          scan,
          everyThird,
          150,
          after,
        );
        seen.push(...page.items.map((o) => o.metadata.name));
        after = page.next;
        pages++;
      }
      expect(seen).toHaveLength(400);
      expect(pages).toBe(3);
    });

    it('returns everything without a limit', async () => {
      expect((await collectPage(scan, () => true, undefined)).items).toHaveLength(1200);
    });
  });
});
