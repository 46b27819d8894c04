import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Input, Space, Typography } from 'antd';
import { ApiError, post } from '../api';
import { useI18n } from '../i18n';
import { RegionMap } from './RegionMap';

/**
 * 区划边界: the map of one's area with its outlines, and, for the office and the administrator, the
 * import of a GeoJSON FeatureCollection (features named by adcode or name) with its source and licence.
 */
export function OutlineImport({ mayImport }: { mayImport: boolean }) {
  const { L, M } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [source, setSource] = useState('');
  const [licence, setLicence] = useState('');
  const [approximate, setApproximate] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async () => {
    if (!file) return;
    setError(null);
    setBusy(true);
    try {
      let parsed: { type?: string; features?: unknown[] };
      try { parsed = JSON.parse(await file.text()); } catch { throw new ApiError(400, 'FILE_UNREADABLE', { zh: '文件不是有效的 GeoJSON（JSON 无法解析）', en: 'The file is not valid GeoJSON (the JSON does not parse)' }, 'file', []); }
      const res = await post<{ imported: { regionCode: string; version: number }[] }>('/api/geo/outlines', { type: parsed.type, features: parsed.features, source, licence, approximate });
      message.success(L(`已导入 ${res.imported.length} 个区划边界`, `${res.imported.length} outlines imported`));
      await client.invalidateQueries({ queryKey: ['outlines'] });
      setFile(null);
    } catch (err) {
      if (err instanceof ApiError) setError(err); else message.error(String(err));
    } finally { setBusy(false); }
  };
  return (
    <Card title={L('区划边界', 'Region outlines')} data-testid="outline-card">
      <RegionMap height={360} testId="outline-map" />
      {mayImport && <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
        <Typography.Text type="secondary">{L('导入 GeoJSON 要素集（FeatureCollection）：每个要素以 properties.adcode（区划代码）或 properties.name（名称）指明区划，几何为 Polygon/MultiPolygon，WGS-84 经纬度。新版本替换旧版本，旧版本保留。',
          'Import a GeoJSON FeatureCollection: each feature names its region by properties.adcode (code) or properties.name, with a Polygon/MultiPolygon in WGS-84 degrees. A new version replaces the old, which is kept.')}</Typography.Text>
        <input type="file" accept=".geojson,.json,application/geo+json,application/json" data-testid="outline-file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        <Input placeholder={L('来源，如：临清市自然资源局 2026 年乡镇界线', 'Source, e.g. the natural resources bureau’s 2026 town boundaries')} value={source} onChange={(e) => setSource(e.target.value)} data-testid="outline-source" />
        <Input placeholder={L('许可或授权，如：政府内部使用授权', 'Licence or permission, e.g. internal government use')} value={licence} onChange={(e) => setLicence(e.target.value)} data-testid="outline-licence" />
        <Checkbox checked={approximate} onChange={(e) => setApproximate(e.target.checked)}>{L('示意边界（非勘定界线）', 'Approximate (not a surveyed boundary)')}</Checkbox>
        {error && <Alert type="error" showIcon data-testid="outline-error" message={M(error.text)} description={error.path ?? undefined} />}
        <Button type="primary" disabled={!file || !source.trim() || !licence.trim()} loading={busy} onClick={send} data-testid="outline-import">{L('导入边界', 'Import outlines')}</Button>
      </Space>}
    </Card>
  );
}
