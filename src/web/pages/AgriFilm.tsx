import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { get, post, qs, type Page } from '../api';
import { shanghai, useI18n } from '../i18n';
import { useSession } from '../session';
import { useFormFailure } from '../hooks';
import { ServerTable } from '../components/ServerTable';
import { FILM_LEDGERS, FILM_TYPES, LEDGER_KEPT_YEARS, MIN_PE_MULCH_MM, ledgerOf } from '../../domain/agri/film';
import { STRAW_CROPS } from '../../domain/agri/straw';

// 农膜 (issue 16): a dealer records its sales, a co-operative its use, a town collection point what
// it takes back, the recycler its intake; the bureau reads 农膜回收率 by town, the ledgers and the
// refused sales of thin mulch. Nothing is deleted: a correction is a new row.

interface FilmRow {
  id: string; ledger: string; ledgerName: string; regionCode: string; townName: string | null; day: string; organisationName: string; filmTypeName: string; thicknessMm: number | null;
  tonnes: number; crop: string | null; areaMu: number | null; counterpartName: string; remark: string; supersededBy: string | null;
}
interface Sums { soldT: number; usedT: number; collectedT: number; recycledT: number; rate: number | null }
interface SummaryRow extends Sums { regionCode: string; townName: string | null }
interface Refusal { id: string; organisationName: string; day: string; filmTypeName: string; thicknessMm: number; tonnes: number; counterpartName: string; recordedAt: string; recordedBy: string }

const thisYear = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
const YEARS = [thisYear, thisYear - 1, thisYear - 2, thisYear - 3];
const pct = (n: number | null | undefined) => (n === null || n === undefined ? '—' : `${n.toFixed(2)} %`);

export default function AgriFilmPage() {
  const { L } = useI18n();
  const { me } = useSession();
  const [year, setYear] = useState(thisYear);
  const official = me?.organisation?.kind === 'government';
  const ledger = me?.organisation?.kind === 'enterprise' ? ledgerOf(me.organisation.capabilities) : null;
  const T = (n: number | null | undefined) => (n === null || n === undefined ? '' : `${Number(n).toLocaleString('zh-CN', { maximumFractionDigits: 3 })} ${L('吨', 't')}`);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={L('农膜回收', 'Farm film')}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }} data-testid="film-note">{L(
          `农资经营单位记录销售，合作社和种植大户按镇街记录使用，镇街回收站点记录回收，再生利用单位记录入库；农膜回收率 = 回收量 ÷ 使用量。禁止销售厚度小于 ${MIN_PE_MULCH_MM} 毫米的聚乙烯地膜：此类销售不予记录并报告农业农村部门。依《农用薄膜管理办法》，台账至少保存${LEDGER_KEPT_YEARS}年，平台上的记录不删除，更正以新记录替代原记录。`,
          `Dealers record sales, co-operatives and large farms their use by town, the towns’ collection points what they take back, recyclers their intake; recovery = taken back ÷ used. PE mulch under ${MIN_PE_MULCH_MM} mm may not be sold: such a sale is refused and reported to the agriculture bureau. Ledgers are kept at least ${LEDGER_KEPT_YEARS} years (农用薄膜管理办法); nothing is deleted here, a correction is a new row.`)}</Typography.Paragraph>
        <Select value={year} onChange={setYear} style={{ width: 110 }} options={YEARS.map((y) => ({ value: y, label: `${y}${L('年', '')}` }))} data-testid="film-year" />
      </Card>
      {official && <FilmSummary year={year} />}
      {ledger && <FilmForm ledger={ledger} />}
      <Card size="small" title={L('农膜台账', 'Film ledgers')}>
        <ServerTable<FilmRow> queryKey="film-records" url="/api/film/records" rowKey="id" fixedFilters={{ year }}
          filters={<>
            <Form.Item name="ledger"><Select allowClear placeholder={L('台账', 'Ledger')} style={{ width: 130 }} options={FILM_LEDGERS.map((l) => ({ value: l.value, label: L(l.zh, l.en) }))} /></Form.Item>
            <Form.Item name="history"><Select allowClear placeholder={L('仅现行', 'Current only')} style={{ width: 130 }} options={[{ value: 'true', label: L('含被更正的', 'With history') }]} /></Form.Item>
          </>}
          columns={[
            { title: L('日期', 'Day'), dataIndex: 'day' },
            { title: L('台账', 'Ledger'), dataIndex: 'ledgerName' },
            { title: L('镇街', 'Town'), key: 't', render: (_v, r) => r.townName ?? r.regionCode },
            { title: L('单位', 'Kept by'), dataIndex: 'organisationName' },
            { title: L('农膜类型', 'Film'), dataIndex: 'filmTypeName' },
            { title: L('厚度', 'Thickness'), dataIndex: 'thicknessMm', render: (n: number | null) => (n === null ? '' : `${n} ${L('毫米', 'mm')}`) },
            { title: L('重量', 'Weight'), dataIndex: 'tonnes', align: 'right', render: T },
            { title: L('覆盖面积', 'Area'), dataIndex: 'areaMu', render: (n: number | null) => (n === null ? '' : `${n.toLocaleString('zh-CN')} ${L('亩', 'mu')}`) },
            { title: L('对方', 'Other party'), dataIndex: 'counterpartName' },
            { title: L('状态', 'Status'), key: 's', render: (_v, r) => (r.supersededBy ? <Tag>{L('已更正', 'Corrected')}</Tag> : <Tag color="green">{L('现行', 'Current')}</Tag>) },
          ]} />
      </Card>
      {(official || ledger === 'sale') && (
        <Card size="small" title={L('禁售地膜报告（厚度小于0.01毫米）', 'Refused sales of mulch under 0.01 mm')}>
          <ServerTable<Refusal> queryKey="film-refusals" url="/api/film/refusals" rowKey="id"
            columns={[
              { title: L('时间', 'When'), dataIndex: 'recordedAt', render: (d: string) => shanghai(d) },
              { title: L('经营单位', 'Dealer'), dataIndex: 'organisationName' },
              { title: L('经办人', 'By'), dataIndex: 'recordedBy' },
              { title: L('农膜类型', 'Film'), dataIndex: 'filmTypeName' },
              { title: L('厚度', 'Thickness'), dataIndex: 'thicknessMm', render: (n: number) => <Tag color="red">{n} {L('毫米', 'mm')}</Tag> },
              { title: L('重量', 'Weight'), dataIndex: 'tonnes', render: T },
              { title: L('购买方', 'Buyer'), dataIndex: 'counterpartName' },
            ]} />
        </Card>
      )}
    </Space>
  );
}

function FilmSummary({ year }: { year: number }) {
  const { L } = useI18n();
  const summary = useQuery({ queryKey: ['film-summary', year], queryFn: () => get<Page<SummaryRow> & { totals: Sums }>(`/api/film/summary${qs({ year, pageSize: 100 })}`) });
  const T = (n: number | null | undefined) => (n === null || n === undefined ? '' : `${Number(n).toLocaleString('zh-CN', { maximumFractionDigits: 1 })} ${L('吨', 't')}`);
  const totals = summary.data?.totals;
  return (
    <Card size="small" title={L('农膜回收率（按镇街）', 'Film recovery by town')}>
      {totals && (
        <Space wrap size="large" style={{ marginBottom: 12 }} data-testid="film-totals">
          <Statistic title={L('使用量', 'Used')} value={T(totals.usedT)} />
          <Statistic title={L('回收量', 'Taken back')} value={T(totals.collectedT)} />
          <Statistic title={L('农膜回收率', 'Recovery rate')} value={pct(totals.rate)} />
          <Statistic title={L('销售量', 'Sold')} value={T(totals.soldT)} />
          <Statistic title={L('再生利用入库', 'Recycled')} value={T(totals.recycledT)} />
        </Space>
      )}
      <Table<SummaryRow> rowKey="regionCode" size="small" pagination={false} loading={summary.isLoading} dataSource={summary.data?.items ?? []} scroll={{ x: 700 }}
        columns={[
          { title: L('镇街', 'Town'), key: 't', render: (_v, r) => <span>{r.townName} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.regionCode}</Typography.Text></span> },
          { title: L('销售量', 'Sold'), dataIndex: 'soldT', align: 'right', render: T },
          { title: L('使用量', 'Used'), dataIndex: 'usedT', align: 'right', render: T },
          { title: L('回收量', 'Taken back'), dataIndex: 'collectedT', align: 'right', render: T },
          { title: L('入库量', 'Recycled'), dataIndex: 'recycledT', align: 'right', render: T },
          { title: L('回收率', 'Rate'), dataIndex: 'rate', align: 'right', render: (r: number | null) => <Tag color={r !== null && r >= 92 ? 'green' : 'orange'}>{pct(r)}</Tag> },
        ]} />
    </Card>
  );
}

/** A row of the company's own ledger: which one follows from what the company is. */
function FilmForm({ ledger }: { ledger: string }) {
  const { L } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const onFailure = useFormFailure(form);
  const parties = useQuery({ queryKey: ['film-parties'], enabled: ledger === 'intake' || ledger === 'takeback', queryFn: () => get<Page<{ id: string; name: string }>>('/api/film/parties?pageSize=100') });
  const title = FILM_LEDGERS.find((l) => l.value === ledger)!;
  return (
    <Card size="small" title={`${L('记录', 'Record')}：${L(title.zh, title.en)}`} data-testid="film-form">
      <Form form={form} layout="vertical" initialValues={{ day: dayjs(), filmType: 'pe_mulch' }} onFinish={async (v) => {
        try {
          await post('/api/film/records', { ...v, day: v.day.format('YYYY-MM-DD') });
          message.success(L('已记录', 'Recorded'));
          form.resetFields();
          client.invalidateQueries({ queryKey: ['film-records'] });
        } catch (e) {
          onFailure(e);
          client.invalidateQueries({ queryKey: ['film-refusals'] });
        }
      }}>
        <Space wrap>
          <Form.Item name="day" label={L('日期', 'Day')} rules={[{ required: true }]}><DatePicker disabledDate={(d) => d.isAfter(dayjs())} /></Form.Item>
          <Form.Item name="filmType" label={L('农膜类型', 'Film type')}><Select style={{ width: 160 }} options={FILM_TYPES.map((t) => ({ value: t.value, label: L(t.zh, t.en) }))} /></Form.Item>
          <Form.Item name="thicknessMm" label={L('厚度（毫米）', 'Thickness (mm)')} rules={[{ required: ledger === 'sale' }]}><InputNumber min={0.0001} max={1} step={0.001} style={{ width: 130 }} data-testid="film-thickness" /></Form.Item>
          <Form.Item name="tonnes" label={L('重量（吨）', 'Weight (t)')} rules={[{ required: true }]}><InputNumber min={0.001} style={{ width: 130 }} data-testid="film-tonnes" /></Form.Item>
        </Space>
        {ledger === 'use' && (
          <Space wrap>
            <Form.Item name="crop" label={L('作物', 'Crop')}><Select allowClear style={{ width: 120 }} options={STRAW_CROPS.map((c) => ({ value: c.value, label: L(c.zh, c.en) }))} /></Form.Item>
            <Form.Item name="areaMu" label={L('覆盖面积（亩）', 'Area (mu)')}><InputNumber min={0} style={{ width: 130 }} /></Form.Item>
            <Form.Item name="regionCode" label={L('使用镇街代码（默认本单位所在镇）', 'Town code (default: yours)')}><Input style={{ width: 160 }} /></Form.Item>
          </Space>
        )}
        {(ledger === 'takeback' || ledger === 'intake') && (
          <Form.Item name="counterpartId" label={ledger === 'intake' ? L('来自回收站点', 'From the collection point') : L('交回单位（平台上的）', 'Handed back by (on the platform)')} rules={[{ required: ledger === 'intake' }]}>
            <Select allowClear showSearch optionFilterProp="label" style={{ maxWidth: 360 }} options={(parties.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))} />
          </Form.Item>
        )}
        {ledger !== 'intake' && <Form.Item name="counterpartName" label={ledger === 'sale' ? L('购买方', 'Buyer') : L('交回单位或农户（不在平台上时）', 'Handed back by (not on the platform)')}><Input maxLength={100} style={{ maxWidth: 360 }} /></Form.Item>}
        <Form.Item name="remark" label={L('备注', 'Remark')}><Input maxLength={200} style={{ maxWidth: 360 }} /></Form.Item>
        <Button type="primary" htmlType="submit" data-testid="film-submit">{L('记录', 'Record')}</Button>
      </Form>
    </Card>
  );
}
