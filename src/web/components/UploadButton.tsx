import { useRef, useState } from 'react';
import { App, Button, Progress, Space } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { ApiError, upload } from '../api';
import { useI18n } from '../i18n';

/** Picks a CSV/Excel file and posts it as multipart (field "file") with extra fields, showing how far the upload is. */
export function UploadButton({ url, fields = {}, label, onDone }: { url: string; fields?: Record<string, string>; label: string; onDone: (result: unknown) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const { L, M } = useI18n();
  const { message } = App.useApp();
  const [progress, setProgress] = useState<number | null>(null);
  return (
    <Space>
      <input ref={input} type="file" accept=".csv,.xlsx" hidden onChange={async (e) => {
        const file = e.target.files?.[0];
        e.target.value = '';
        if (!file) return;
        const form = new FormData();
        for (const [k, v] of Object.entries(fields)) form.append(k, v);
        form.append('file', file);
        setProgress(0);
        try { onDone(await upload(url, form, setProgress)); } catch (err) { message.error(err instanceof ApiError ? M(err.text) : String(err)); } finally { setProgress(null); }
      }} />
      <Button icon={<UploadOutlined />} loading={progress !== null} onClick={() => input.current?.click()}>{label}</Button>
      {progress !== null && <span style={{ display: 'inline-flex', alignItems: 'center', gap: 8, width: 220 }} data-testid="upload-progress">
        <Progress percent={Math.round(progress * 100)} size="small" status="active" style={{ width: 120, margin: 0 }} />
        <span>{progress < 1 ? L('上传中', 'Uploading') : L('校验并写入中…', 'Checking and saving…')}</span>
      </span>}
    </Space>
  );
}
