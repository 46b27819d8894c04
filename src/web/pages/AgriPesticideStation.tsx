import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, InputNumber, Radio, Select, Space, Tag, Typography } from 'antd';
import { get, post, qs, type Page } from '../api';
import { useI18n } from '../i18n';
import { useFormFailure } from '../hooks';
import { PACKAGE_TYPES, type PackageType } from '../../domain/agri/pesticide';

// The station keeper's phone page (/agri/pesticide/station): who hands packages in (a dealer of the
// county or a farmer), how many of each type (typed, or counted by scanning each package's code with
// the phone's scanner into the field), the weight on the platform scale; then the receipt to print.

interface Receipt { id: string; receiptNo: string; stationName: string; dealerName: string | null; farmerName: string; bottleCount: number; bagCount: number; drumCount: number; weightKg: number; batchNo: string }

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

export default function AgriPesticideStationPage() {
  const { L, M } = useI18n();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const fail = useFormFailure(form);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Receipt | null>(null);
  const [search, setSearch] = useState('');
  const [scanType, setScanType] = useState<PackageType>('bottle');
  const [scanned, setScanned] = useState<string[]>([]);
  const [scan, setScan] = useState('');
  const source: 'dealer' | 'farmer' = Form.useWatch('sourceKind', form) ?? 'dealer';
  const dealers = useQuery({ queryKey: ['pesticide-dealer-choices', search], queryFn: () => get<Page<{ id: string; name: string }>>(`/api/pesticide/dealer-choices${qs({ q: search || undefined, pageSize: 50 })}`) });
  const field = (t: PackageType) => `${t}Count`;
  const addScan = () => {
    const code = scan.trim().toUpperCase();
    setScan('');
    if (!code || scanned.includes(code)) return;
    setScanned([...scanned, code]);
    form.setFieldValue(field(scanType), (form.getFieldValue(field(scanType)) ?? 0) + 1);
  };
  if (done) {
    return (
      <Card title={L('接收完成', 'Received')} data-testid="station-receipt">
        <Typography.Title level={4} style={{ marginTop: 0 }}>{done.receiptNo}</Typography.Title>
        <Typography.Paragraph>{done.dealerName ? L(`门店交站：${done.dealerName}`, `From dealer ${done.dealerName}`) : L(`农户交回：${done.farmerName || '—'}`, `From farmer ${done.farmerName || '—'}`)}</Typography.Paragraph>
        <Typography.Paragraph data-testid="station-receipt-counts">{L(`瓶 ${done.bottleCount} 个，袋 ${done.bagCount} 个，桶 ${done.drumCount} 个，共 ${done.weightKg} kg`, `${done.bottleCount} bottles, ${done.bagCount} bags, ${done.drumCount} drums, ${done.weightKg} kg`)}</Typography.Paragraph>
        <Typography.Paragraph type="secondary">{L(`已入库批次 ${done.batchNo}`, `Stored as batch ${done.batchNo}`)}</Typography.Paragraph>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Button type="primary" block size="large" href={`/print/pesticide-receipts/${done.id}`} target="_blank" data-testid="station-print">{L('打印接收凭证', 'Print the receipt')}</Button>
          <Button block size="large" onClick={() => { setDone(null); setScanned([]); form.resetFields(); }} data-testid="station-next">{L('继续接收', 'Receive more')}</Button>
        </Space>
      </Card>
    );
  }
  return (
    <Card title={L('收储站接收农药包装废弃物', 'Receive pesticide packaging')} styles={{ body: { padding: 12 } }}>
      <Form form={form} layout="vertical" initialValues={{ sourceKind: 'dealer', bottleCount: 0, bagCount: 0, drumCount: 0 }} onFinish={async (v) => {
        setBusy(true);
        try {
          const r = await post<Receipt>('/api/pesticide/receipts', { receivedOn: today(), sourceKind: v.sourceKind, dealerId: v.sourceKind === 'dealer' ? v.dealerId : undefined,
            farmerName: v.sourceKind === 'farmer' ? v.farmerName || undefined : undefined, bottleCount: v.bottleCount ?? 0, bagCount: v.bagCount ?? 0, drumCount: v.drumCount ?? 0, weightKg: v.weightKg });
          client.invalidateQueries({ queryKey: ['pesticide-receipts'] });
          setDone(r);
        } catch (e) { fail(e); } finally { setBusy(false); }
      }}>
        <Form.Item name="sourceKind" label={L('交来方', 'Handed in by')}>
          <Radio.Group optionType="button" buttonStyle="solid" data-testid="station-source" options={[{ value: 'dealer', label: L('经营门店', 'Dealer') }, { value: 'farmer', label: L('农户', 'Farmer') }]} />
        </Form.Item>
        {source === 'dealer'
          ? <Form.Item name="dealerId" label={L('门店', 'Dealer')} rules={[{ required: true, message: L('请选择门店', 'Choose the dealer') }]}>
              <Select showSearch={{ filterOption: false, onSearch: setSearch }} data-testid="station-dealer" loading={dealers.isFetching} options={(dealers.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))} />
            </Form.Item>
          : <Form.Item name="farmerName" label={L('农户姓名（可选）', 'Farmer (optional)')}><Input maxLength={40} /></Form.Item>}
        <Space.Compact style={{ width: '100%', marginBottom: 8 }}>
          <Select value={scanType} onChange={setScanType} style={{ width: 80 }} options={PACKAGE_TYPES.map((t) => ({ value: t.value, label: M(t) }))} />
          <Input value={scan} onChange={(e) => setScan(e.target.value)} onPressEnter={(e) => { e.preventDefault(); addScan(); }} placeholder={L('扫描包装二维码计数', 'Scan a package code to count it')} data-testid="station-scan" />
          <Button onClick={addScan}>{L('计入', 'Count')}</Button>
        </Space.Compact>
        {scanned.length > 0 && <Typography.Paragraph type="secondary" data-testid="station-scanned">{L(`已扫码 ${scanned.length} 个`, `${scanned.length} scanned`)} {scanned.slice(-3).map((c) => <Tag key={c}>{c}</Tag>)}</Typography.Paragraph>}
        <Space wrap>
          {PACKAGE_TYPES.map((t) => (
            <Form.Item key={t.value} name={field(t.value)} label={L(`${t.zh}（个）`, `${t.en}s`)}>
              <InputNumber min={0} precision={0} inputMode="numeric" style={{ width: 96 }} data-testid={`station-${t.value}`} />
            </Form.Item>
          ))}
        </Space>
        <Form.Item name="weightKg" label={L('称重（千克）', 'Weight (kg)')} rules={[{ required: true, message: L('请填写重量', 'Give the weight') }]}>
          <InputNumber min={0.01} step={0.1} inputMode="decimal" style={{ width: '100%' }} data-testid="station-weight" />
        </Form.Item>
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message={L('门店交站数量不能超过其累计回收、尚未交站的数量。', 'A dealer cannot hand in more than it took back and has not yet handed over.')} />
        <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="station-submit">{L('确认接收', 'Receive')}</Button>
      </Form>
    </Card>
  );
}
