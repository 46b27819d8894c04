import { useNavigate } from 'react-router-dom';
import { Button, Form, Input, Select, Tag, Checkbox } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useSession } from '../session';
import { ServerTable } from '../components/ServerTable';
import { shanghai, tonnes, useI18n } from '../i18n';

interface ManifestRow { id: string; number: string; status: string; wasteCode: string; wasteName: string; declaredWeightT: number; receivedWeightT: number | null; plannedDate: string; producerName: string; receiverName: string; paper: boolean; hasDiscrepancy: boolean; receiptDueAt: string | null }

export const MANIFEST_STATUS: Record<string, [string, string, string]> = {
  draft: ['待移出人签署', 'Awaiting producer', 'default'], signed_by_producer: ['待承运人接收', 'Awaiting pickup', 'blue'], in_transit: ['运输中', 'In transit', 'processing'],
  received: ['已接受', 'Received', 'green'], partially_refused: ['部分拒收', 'Partly refused', 'orange'], refused: ['拒收', 'Refused', 'red'], cancelled: ['已作废', 'Cancelled', 'default'],
};

export default function ManifestsPage() {
  const { L, lang } = useI18n();
  const navigate = useNavigate();
  return (
    <ServerTable<ManifestRow> queryKey="manifests" title={L('转移联单', 'Manifests')} url="/api/manifests" rowKey="number" onRow={(m) => navigate(`/manifests/${m.id}`)}
      filters={<>
        <Form.Item name="q"><Input placeholder={L('联单编号', 'Manifest number')} allowClear style={{ width: 170 }} /></Form.Item>
        <Form.Item name="status"><Select allowClear placeholder={L('状态', 'Status')} style={{ width: 140 }} options={Object.entries(MANIFEST_STATUS).map(([value, [zh, en]]) => ({ value, label: lang === 'zh' ? zh : en }))} /></Form.Item>
        <Form.Item name="wasteCode"><Input placeholder={L('废物代码', 'Waste code')} allowClear style={{ width: 130 }} /></Form.Item>
        <Form.Item name="overdue" valuePropName="checked"><Checkbox>{L('超期未接收', 'Receipt overdue')}</Checkbox></Form.Item>
        <Form.Item name="discrepancy" valuePropName="checked"><Checkbox>{L('有差异', 'With differences')}</Checkbox></Form.Item>
      </>}
      columns={[
        { title: L('联单编号', 'Number'), dataIndex: 'number' },
        { title: L('状态', 'Status'), dataIndex: 'status', render: (s: string) => <Tag color={MANIFEST_STATUS[s]?.[2]}>{L(MANIFEST_STATUS[s]?.[0] ?? s, MANIFEST_STATUS[s]?.[1] ?? s)}</Tag> },
        { title: L('废物', 'Waste'), key: 'waste', render: (_v, m) => `${m.wasteCode} ${m.wasteName ?? ''}` },
        { title: L('转移量', 'Weight'), dataIndex: 'declaredWeightT', render: (t: number) => tonnes(t, lang) },
        { title: L('移出人', 'Producer'), dataIndex: 'producerName' },
        { title: L('接受人', 'Receiver'), dataIndex: 'receiverName' },
        { title: L('计划日期', 'Planned'), dataIndex: 'plannedDate' },
        { title: L('标记', 'Flags'), key: 'flags', render: (_v, m) => <>{m.paper && <Tag>{L('纸质补录', 'Paper')}</Tag>}{m.hasDiscrepancy && <Tag color="red">{L('差异', 'Difference')}</Tag>}{m.receiptDueAt && m.status === 'in_transit' && new Date(m.receiptDueAt) < new Date() && <Tag color="red">{L('超期', 'Overdue')}</Tag>}</> },
        { title: L('接收期限', 'Receipt due'), dataIndex: 'receiptDueAt', render: (d: string | null) => shanghai(d) },
      ]} />
  );
}
