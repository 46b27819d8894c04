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

/** The general industrial solid-waste classes (一般工业固体废物分类), searched by code or name. */
export function useSwClasses(search: string) {
  return useQuery({
    queryKey: ['catalogue', 'industrial', search],
    queryFn: () => get<Page<{ code: string; name: string; description: string }>>(`/api/catalogues/industrial/entries${qs({ q: search || undefined, pageSize: 50 })}`),
    staleTime: 60_000,
  });
}
