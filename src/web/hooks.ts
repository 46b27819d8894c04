import { useMemo } from 'react';
import { useQueries, useQuery } from '@tanstack/react-query';
import { App, type FormInstance } from 'antd';
import { ApiError, get, qs, type Message, type Page } from './api';
import { useI18n } from './i18n';
import { keepsRecordsOf } from '../domain/streams';

/** Shows an API error as a message and, when a form is given, on the fields it names. Other errors are rethrown. */
export function useFormFailure(form?: FormInstance) {
  const { M } = useI18n();
  const { message } = App.useApp();
  return (e: unknown) => {
    if (!(e instanceof ApiError)) throw e;
    message.error(M(e.text));
    form?.setFields([...e.issues, ...(e.path ? [{ path: e.path, message: e.text }] : [])].filter((i) => i.path).map((i) => ({ name: i.path.split('.'), errors: [M(i.message)] })));
  };
}

/** The catalogues waste codes come from: 危险废物名录, 一般工业固体废物分类, 城镇污水污泥类别. */
export type Catalogue = 'hazardous' | 'industrial' | 'sludge' | 'kitchen';

/**
 * Entries of a national catalogue (危险废物名录, 一般工业固体废物分类 or the sludge classes), searched by code
 * or name. Being a query keyed by the search text, an answer to an earlier keystroke never replaces a later one.
 */
export function useCatalogueEntries(catalogue: Catalogue, search: string, enabled = true) {
  return useQuery({
    queryKey: ['catalogue', catalogue, search],
    queryFn: () => get<Page<{ code: string; name: string; description: string }>>(`/api/catalogues/${catalogue}/entries${qs({ q: search || undefined, pageSize: 50 })}`),
    staleTime: 60_000,
    enabled,
  });
}

/** The general industrial solid-waste classes (一般工业固体废物分类), searched by code or name. */
export const useSwClasses = (search: string) => useCatalogueEntries('industrial', search);

/** A waste stream of the registry (GET /api/streams): what differs from one stream to the next. */
export interface StreamInfo {
  key: string; label: Message; catalogue: Catalogue; codeExample: string; batchPrefix: string | null; bulkStore: boolean;
  loadSource: 'batches' | 'project' | 'contract' | 'farm' | 'report'; receivers: 'licensed' | 'verified' | 'sites'; producers: string[]; regulators: { domain: string; codePrefix?: string }[]; declares: boolean;
}

/** The streams the platform runs, in registry order. */
export const useStreams = () => useQuery({ queryKey: ['streams'], queryFn: () => get<{ items: StreamInfo[] }>('/api/streams'), staleTime: Infinity });

export interface Choice { value: string; zh: string; en: string }
export interface Range { min?: number; max?: number; integer?: boolean }

/** A row of a stream's manifest rule table: who fills the field, from which signature it is required and sealed. */
export interface FieldRule {
  field: string; label: Message; kind: string; owner: string; requiredFrom: string | null; conditional: boolean; sealedFrom: string;
  options: Choice[] | null; pattern: string | null; range: Range | null; fixedFrom: Message | null;
}

/** What a batch of the stream records beyond the common columns (a sludge's moisture content). */
export interface BatchFieldRule { field: string; label: Message; kind: string; required: boolean; range: Range | null; options: Choice[] | null }

/** A JSON Schema property, as much of it as the console reads. */
export interface JsonProperty {
  type?: string; format?: string; enum?: string[]; minLength?: number; maxLength?: number; minItems?: number; maxItems?: number; description?: string;
  properties?: Record<string, JsonProperty>; required?: string[]; anyOf?: JsonProperty[];
}

/** GET /api/manifests/rules/:stream: the rule table, the batch fields and the JSON Schema of the create body. */
export interface RuleTable {
  stream: string; label: Message; steps: string[]; fields: FieldRule[]; loadSource: 'batches' | 'project' | 'contract' | 'farm' | 'report'; producers: string[];
  batchFields: BatchFieldRule[]; create: { type: 'object'; properties: Record<string, JsonProperty>; required?: string[] };
}

export const useRules = (stream: string | undefined) =>
  useQuery({ queryKey: ['rules', stream], queryFn: () => get<RuleTable>(`/api/manifests/rules/${stream}`), enabled: !!stream, staleTime: 5 * 60_000 });

/**
 * Names of the ledger's waste categories, as the streams' current catalogues give them: HW08 废矿物油与
 * 含矿物油废物 (a hazardous category), SW02 粉煤灰, CW01 工程渣土, SL01 城镇污水处理厂污泥 (a class that is its own code).
 */
export function useCategoryNames(): Map<string, string> {
  const streams = useStreams();
  const catalogues = [...new Set((streams.data?.items ?? []).map((s) => s.catalogue))];
  const pages = useQueries({
    queries: catalogues.map((catalogue) => ({
      queryKey: ['catalogue-categories', catalogue], staleTime: Infinity,
      queryFn: () => get<Page<{ code: string; name: string; category: string }> & { categories: { category: string; categoryName: string }[] }>(`/api/catalogues/${catalogue}/entries${qs({ pageSize: 100 })}`),
    })),
  });
  // Recomputed when a page arrives (the query results are new arrays on every render).
  const loaded = pages.map((p) => p.dataUpdatedAt).join();
  return useMemo(() => {
    const names = new Map<string, string>();
    for (const page of pages) {
      for (const c of page.data?.categories ?? []) if (c.categoryName) names.set(c.category, c.categoryName);
      for (const e of page.data?.items ?? []) if (!names.has(e.code) && (!e.category || e.category === e.code)) names.set(e.code, e.name);
    }
    return names;
  }, [loaded]);
}

/** Who keeps the household-waste register (生活垃圾): the same question the server's access rules ask. */
export const keepsHouseholdRegister = (me: { user: { role: string; domain: string | null } } | null) => !!me && keepsRecordsOf(me.user, 'household');
