import { useQuery } from '@tanstack/react-query';
import { App, type FormInstance } from 'antd';
import { ApiError, get, qs, type Page } from './api';
import { useI18n } from './i18n';

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

/**
 * Entries of a national catalogue (危险废物名录 or 一般工业固体废物分类), searched by code or name. Being a
 * query keyed by the search text, an answer to an earlier keystroke never replaces a later one.
 */
export function useCatalogueEntries(catalogue: 'hazardous' | 'industrial', search: string, enabled = true) {
  return useQuery({
    queryKey: ['catalogue', catalogue, search],
    queryFn: () => get<Page<{ code: string; name: string; description: string }>>(`/api/catalogues/${catalogue}/entries${qs({ q: search || undefined, pageSize: 50 })}`),
    staleTime: 60_000,
    enabled,
  });
}

/** The general industrial solid-waste classes (一般工业固体废物分类), searched by code or name. */
export const useSwClasses = (search: string) => useCatalogueEntries('industrial', search);
