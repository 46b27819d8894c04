import { useRef } from 'react';
import { App, Button } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { ApiError, api } from '../api';
import { useI18n } from '../i18n';

/** Picks a CSV/Excel file and posts it as multipart (field "file") with extra fields. */
export function UploadButton({ url, fields = {}, label, onDone }: { url: string; fields?: Record<string, string>; label: string; onDone: (result: unknown) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const { M } = useI18n();
  const { message } = App.useApp();
  return (
    <>
      <input ref={input} type="file" accept=".csv,.xlsx" hidden onChange={async (e) => {
        const file = e.target.files?.[0];
        e.target.value = '';
        if (!file) return;
        const form = new FormData();
        for (const [k, v] of Object.entries(fields)) form.append(k, v);
        form.append('file', file);
        try { onDone(await api('POST', url, form)); } catch (err) { message.error(err instanceof ApiError ? M(err.text) : String(err)); }
      }} />
      <Button icon={<UploadOutlined />} onClick={() => input.current?.click()}>{label}</Button>
    </>
  );
}
