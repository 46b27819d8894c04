import { useMemo, useState } from 'react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Select, Typography } from 'antd';
import { get, qs, type Page } from '../api';
import { useI18n } from '../i18n';
import type { Catalogue } from '../hooks';

interface Entry { code: string; name: string; description: string; category: string; categoryName: string }
type EntryPage = Page<Entry> & { categories: { category: string; categoryName: string }[] };

const PAGE = 50;

/** The words an entry is known by: the list's description where it has one (the 名录's full wording), else its name. */
const fullName = (e: Entry) => e.description || e.name;

/**
 * 废物代码: a searchable picker over a national catalogue. It opens with the codes the organisation
 * already keeps in store for the stream, then the catalogue's first page; typing searches the server by
 * code or by words (each word apart), a page at a time as the list scrolls. Each option reads
 * "900-041-49 · 含有或沾染毒性…" with the whole name wrapping, and the category's name beside its code.
 */
export function WasteCodePicker({ catalogue, stream, value, onChange, testId, placeholder }: {
  catalogue: Catalogue; stream?: string; value?: string; onChange?: (code: string) => void; testId?: string; placeholder?: string;
}) {
  const { L } = useI18n();
  const [search, setSearch] = useState('');
  const q = search.trim();
  // The organisation's own codes: what it holds in store for this stream (the store is scoped to the caller).
  const own = useQuery({
    queryKey: ['picker-own-codes', stream], enabled: !!stream, staleTime: 60_000,
    queryFn: () => get<Page<{ wasteCode: string }>>(`/api/ledger/store${qs({ stream, pageSize: 100 })}`),
  });
  const pages = useInfiniteQuery({
    queryKey: ['picker-catalogue', catalogue, q], staleTime: 60_000, initialPageParam: 1,
    queryFn: ({ pageParam }) => get<EntryPage>(`/api/catalogues/${catalogue}/entries${qs({ q: q || undefined, page: pageParam, pageSize: PAGE })}`),
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
  });
  const ownCodes = useMemo(() => [...new Set((own.data?.items ?? []).map((b) => b.wasteCode))].slice(0, 10), [own.data]);
  // The own codes' names, looked up once together (each code is its own search; a code matches its own start).
  const ownEntries = useQuery({
    queryKey: ['picker-own-entries', catalogue, ownCodes.join()], enabled: ownCodes.length > 0, staleTime: 600_000,
    queryFn: async () => (await Promise.all(ownCodes.map((code) => get<EntryPage>(`/api/catalogues/${catalogue}/entries${qs({ q: code, pageSize: 5 })}`))))
      .map((p, i) => p.items.find((e) => e.code === ownCodes[i]) ?? { code: ownCodes[i], name: '', description: '', category: '', categoryName: '' }),
  });
  const loaded = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const categoryNames = new Map((pages.data?.pages[0]?.categories ?? []).map((c) => [c.category, c.categoryName]));
  const option = (e: Entry) => ({
    value: e.code, entry: e,
    // The label is what the search and the chosen value read: the code and the whole name, never cut.
    label: fullName(e) ? `${e.code} · ${fullName(e)}` : e.code,
  });
  const mine = q ? [] : (ownEntries.data ?? []);
  const rest = loaded.filter((e) => !mine.some((m) => m.code === e.code));
  const options = mine.length
    ? [{ label: L('本单位在存', 'Held by your organisation'), options: mine.map(option) }, { label: L('名录', 'Catalogue'), options: rest.map(option) }]
    : rest.map(option);
  return (
    <Select<string, ReturnType<typeof option>> value={value} onChange={(code) => onChange?.(code)} data-testid={testId}
      showSearch={{ filterOption: false, onSearch: setSearch }} loading={pages.isFetching} virtual={false}
      placeholder={placeholder ?? L('输入代码或名称中的词搜索', 'Search by code or words of the name')}
      notFoundContent={pages.isFetching ? undefined : L('名录中没有相符的条目', 'Nothing in the catalogue matches')}
      options={options as ReturnType<typeof option>[]}
      onPopupScroll={(e) => {
        const list = e.currentTarget;
        if (list.scrollTop + list.clientHeight >= list.scrollHeight - 40 && pages.hasNextPage && !pages.isFetchingNextPage) void pages.fetchNextPage();
      }}
      optionRender={(o) => {
        const e = (o.data as { entry?: Entry }).entry;
        if (!e) return o.label;
        const category = e.category && e.category !== e.code ? `${e.category} ${e.categoryName || categoryNames.get(e.category) || ''}`.trim() : '';
        return (
          <div style={{ whiteSpace: 'normal', lineHeight: 1.4 }} title={`${e.code} · ${fullName(e)}`} data-testid="waste-code-option">
            <Typography.Text strong>{e.code}</Typography.Text> · {fullName(e)}
            {category && <Typography.Text type="secondary" style={{ marginLeft: 6, fontSize: 12 }}>{category}</Typography.Text>}
          </div>
        );
      }} />
  );
}
