import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, InputNumber, Space, Typography } from 'antd';
import { ApiError, api, get } from '../api';
import { useI18n } from '../i18n';

interface Setting { key: string; label: { zh: string; en: string }; unit: { zh: string; en: string }; value: number; default: number; min: number; max: number; setBy: string | null; editable: boolean; basis: string }

/**
 * The region's settings whose key begins with `prefix` (medical., kitchen.): the value in force and
 * where it comes from; the office and the competent department change them for their own region.
 */
export function RegionSettings({ prefix, title, saved }: { prefix: string; title: string; saved: string }) {
  const { L, M, lang } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => get<{ items: Setting[] }>('/api/settings'), select: (d) => ({ items: d.items.filter((s) => s.key.startsWith(prefix)) }) });
  const [editing, setEditing] = useState<number | null>(null);
  return (
    <Card size="small" title={title}>
      {(settings.data?.items ?? []).map((s) => (
        <Space key={s.key} wrap>
          <Typography.Text strong>{lang === 'zh' ? s.label.zh : s.label.en}：</Typography.Text>
          <Typography.Text data-testid={`setting-${s.key}`}>{s.value} {lang === 'zh' ? s.unit.zh : s.unit.en}</Typography.Text>
          <Typography.Text type="secondary">{s.setBy ? L(`（由 ${s.setBy} 设定）`, `(set by ${s.setBy})`) : L('（默认值）', '(default)')} {s.basis}</Typography.Text>
          {s.editable && <><InputNumber size="small" min={s.min} max={s.max} value={editing ?? s.value} onChange={(v) => setEditing(Number(v))} data-testid={`setting-input-${s.key}`} />
            <Button size="small" data-testid={`setting-save-${s.key}`} onClick={async () => {
              try {
                await api('PUT', `/api/settings/${s.key}`, { value: editing ?? s.value });
                message.success(saved);
                client.invalidateQueries({ queryKey: ['settings'] });
              } catch (e) { if (e instanceof ApiError) message.error(M(e.text)); }
            }}>{L('保存', 'Save')}</Button></>}
        </Space>
      ))}
    </Card>
  );
}
