import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { ApiError, api, get, post, qs } from '../api';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { RegionPicker } from '../components/RegionPicker';
import { UploadButton } from '../components/UploadButton';
import { ImportPreview, type Mapping } from '../components/IndicatorImport';
import { shanghaiYear } from '../../domain/labels';

interface Plan { id: string; title: string; regionCode: string; baselineYear: number; years: number[]; indicatorCount: number }
interface Row { id: string; no: number; level1: string; level2: string; name: string; mark: string | null; unit: string; baselineText: string; targets: { year: number; text: string }[]; responsible: string; formula: string | null; qualitative: boolean;
  latest: { year: number; value: number; numerator: number | null; denominator: number | null; origin: string } | null; status: string; explanation: { reason: { zh: string; en: string }; expected?: number; ratio?: number } }

export const STATUS: Record<string, [string, string, string]> = {
  achieved: ['已达标', 'Achieved', 'green'], on_track: ['按进度推进', 'On track', 'blue'], at_risk: ['存在风险', 'At risk', 'orange'],
  off_track: ['进度滞后', 'Off track', 'red'], no_data: ['暂无数据', 'No data', 'default'], awaiting_assessment: ['待评估', 'Awaiting assessment', 'purple'],
};

/** 指标体系: the jurisdiction's table with each indicator's latest value, its source and status. */
export default function IndicatorsPage() {
  const { L, M, lang } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const client = useQueryClient();
  const plans = useQuery({ queryKey: ['indicator-plans'], queryFn: () => get<{ items: Plan[] }>('/api/indicators/plans') });
  const [planId, setPlanId] = useState<string>();
  const current = planId ?? plans.data?.items[0]?.id;
  const year = shanghaiYear();
  const [asOf, setAsOf] = useState(year);
  const status = useQuery({ queryKey: ['indicator-status', current, asOf], queryFn: () => get<{ plan: Plan; rows: Row[] }>(`/api/indicators/plans/${current}${qs({ year: asOf })}`), enabled: !!current });
  const [importing, setImporting] = useState<{ filename: string; headers: string[]; rows: string[][]; mapping: Mapping[] } | null>(null);
  const [reporting, setReporting] = useState<Row | null>(null);
  const office = me?.user.role === 'office' || me?.user.role === 'platform_admin';
  return (
    <Card title={L('指标体系', 'Indicators')} extra={<Space wrap>
      <Select style={{ width: 320 }} value={current} onChange={setPlanId} options={(plans.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.title}（${p.indicatorCount}）` }))} placeholder={L('选择指标体系', 'Choose a plan')} />
      <Select value={asOf} onChange={setAsOf} options={[year - 2, year - 1, year].map((y) => ({ value: y, label: `${y}` }))} />
      {current && <Button href={`/api/indicators/plans/${current}/export.xlsx${qs({ year: asOf })}`}>{L('导出Excel（附件格式）', 'Export (annex layout)')}</Button>}
      {current && (office || me?.user.role === 'regulator') && <Tooltip title={L('表头：序号、区划代码、年份、月份、数值、分子、分母、说明；全部行校验通过才写入', 'Header: 序号, 区划代码, 年份, 月份, 数值, 分子, 分母, 说明; saved only when every row checks out')}>
        <span><UploadButton url={`/api/indicators/plans/${current}/values/import`} label={L('批量填报（Excel）', 'Report values (Excel)')}
          onDone={(r) => { const x = r as { inserted: number; status: string }; message.success(L(`已导入 ${x.inserted} 条${x.status === 'approved' ? '' : '，待无废办审核'}`, `${x.inserted} values imported${x.status === 'approved' ? '' : ', awaiting the office'}`)); client.invalidateQueries({ queryKey: ['indicator-status'] }); }} /></span>
      </Tooltip>}
      {current && <Button href={`/api/indicators/plans/${current}/assessment.xlsx${qs({ year: asOf })}`} data-testid="assessment-report">{L(`${asOf}年度评估报告`, `${asOf} assessment report`)}</Button>}
      {office && <>
        <input id="indicator-file" type="file" accept=".xlsx,.csv" hidden onChange={async (e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (!file) return;
          const form = new FormData();
          form.append('file', file);
          try { setImporting(await api('POST', '/api/indicators/preview', form)); } catch (err) { if (err instanceof ApiError) message.error(M(err.text)); }
        }} />
        <Button type="primary" onClick={() => document.getElementById('indicator-file')?.click()} data-testid="indicator-import">{L('导入指标表（Excel）', 'Import a table (Excel)')}</Button>
      </>}
    </Space>}>
      {!plans.isLoading && !plans.data?.items.length && <Alert type="info" showIcon message={L('尚未导入指标体系', 'No indicator plan imported yet')} />}
      {status.data && <Table<Row> rowKey="id" size="small" pagination={false} dataSource={status.data.rows} scroll={{ x: 'max-content' }} data-testid="indicator-table" columns={[
        { title: L('序号', 'No.'), dataIndex: 'no' },
        { title: L('一级', 'Level 1'), dataIndex: 'level1' },
        { title: L('二级', 'Level 2'), dataIndex: 'level2' },
        { title: L('三级指标', 'Indicator'), dataIndex: 'name', render: (n: string, r) => <>{n}{r.mark === 'mandatory' ? '★' : r.mark === 'optional' ? '☆' : ''}</> },
        { title: L('单位', 'Unit'), dataIndex: 'unit' },
        { title: `${status.data.plan.baselineYear}`, dataIndex: 'baselineText' },
        ...status.data.plan.years.map((y) => ({ title: `${y}${L('目标', ' target')}`, key: `t${y}`, render: (_v: unknown, r: Row) => r.targets.find((t) => t.year === y)?.text ?? '' })),
        { title: L('最新值', 'Latest'), key: 'latest', render: (_v, r) => (r.latest ? <Tooltip title={r.latest.numerator !== null ? `${r.latest.numerator} / ${r.latest.denominator}` : ''}>{r.latest.value}（{r.latest.year}，{r.latest.origin === 'computed' ? L('平台计算', 'computed') : L('部门填报', 'reported')}）</Tooltip> : '') },
        { title: L('状态', 'Status'), dataIndex: 'status', render: (s: string, r) => <Tooltip title={M(r.explanation.reason)}><Tag color={STATUS[s]?.[2]}>{lang === 'zh' ? STATUS[s]?.[0] : STATUS[s]?.[1]}</Tag></Tooltip> },
        { title: L('责任单位', 'Responsible'), dataIndex: 'responsible' },
        { title: '', key: 'report', render: (_v, r) => !r.formula && <Button size="small" onClick={() => setReporting(r)}>{L('填报', 'Report')}</Button> },
      ]} />}
      <ImportPreview preview={importing} onClose={() => setImporting(null)} onDone={(id) => { setImporting(null); setPlanId(id); client.invalidateQueries({ queryKey: ['indicator-plans'] }); }} />
      <Modal open={!!reporting} title={reporting?.name} onCancel={() => setReporting(null)} footer={null} destroyOnHidden>
        <Form layout="vertical" initialValues={{ year: asOf, regionCode: me?.region.code }} onFinish={async (v) => {
          try {
            const r = await post<{ status: string }>(`/api/indicators/${reporting!.id}/values`, { ...v, evidence: v.evidence ? [{ name: v.evidence }] : [] });
            message.success(r.status === 'approved' ? L('已填报并生效', 'Reported and approved') : L('已填报，待无废办审核', 'Reported; awaiting the office'));
            setReporting(null); client.invalidateQueries({ queryKey: ['indicator-status'] });
          } catch (e) { if (e instanceof ApiError) message.error(M(e.text)); }
        }}>
          <Form.Item name="regionCode" label={L('区划', 'Region')} rules={[{ required: true }]}><RegionPicker /></Form.Item>
          <Form.Item name="year" label={L('年份', 'Year')} rules={[{ required: true }]}><InputNumber min={2000} max={2100} /></Form.Item>
          {reporting?.qualitative ? <>
            <Form.Item name="verdict" label={L('评估结论', 'Verdict')} rules={[{ required: true }]}><Select data-testid="indicator-verdict" options={['achieved', 'on_track', 'at_risk', 'off_track'].map((v) => ({ value: v, label: lang === 'zh' ? STATUS[v][0] : STATUS[v][1] }))} /></Form.Item>
            <Form.Item name="note" label={L('评估依据', 'Reason')} rules={[{ required: true, min: 2 }]}><Input.TextArea rows={3} data-testid="indicator-verdict-note" /></Form.Item>
          </> : <>
            <Form.Item name="value" label={`${L('数值', 'Value')}（${reporting?.unit ?? ''}）`} rules={[{ required: true }]}><InputNumber style={{ width: '100%' }} /></Form.Item>
            <Space><Form.Item name="numerator" label={L('分子', 'Numerator')}><InputNumber /></Form.Item><Form.Item name="denominator" label={L('分母', 'Denominator')}><InputNumber /></Form.Item></Space>
          </>}
          <Form.Item name="evidence" label={L('佐证材料名称', 'Evidence')}><Input /></Form.Item>
          <Button type="primary" htmlType="submit">{L('提交', 'Submit')}</Button>
        </Form>
      </Modal>
    </Card>
  );
}
