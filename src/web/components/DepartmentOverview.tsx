import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Select, Typography } from 'antd';
import { ApiError, get, qs } from '../api';
import { useI18n } from '../i18n';
import { IndicatorComputation } from './IndicatorComputation';
import { IndicatorCards, type Row } from '../pages/Indicators';
import { shanghaiYear } from '../../domain/labels';
import { indicatorUnit } from '../../domain/format';

interface Overview { plan: { id: string; title: string; regionCode: string } | null; regionCode: string; rows: Row[] }
type Text = { zh: string; en: string };

/**
 * A department's system at a glance: its rows of the plan in force, computed for its area and the year
 * chosen (a computed value opens how it was computed, with the records behind it), and a button to
 * each of the system's books. A row the departments report is reported on the indicators page.
 */
export function DepartmentOverview({ title, endpoint, prefix, systems, note }: { title: Text; endpoint: string; prefix: string; systems: (Text & { path: string })[]; note: Text }) {
  const { L, M } = useI18n();
  const navigate = useNavigate();
  const year = shanghaiYear();
  const [asOf, setAsOf] = useState(year);
  const [computing, setComputing] = useState<Row | null>(null);
  const overview = useQuery({ queryKey: [endpoint, asOf], queryFn: () => get<Overview>(`${endpoint}${qs({ year: asOf })}`) });
  const data = overview.data;
  return (
    <Card title={L(title.zh, title.en)} data-testid={`${prefix}-overview`}>
      <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }}>
        <Select value={asOf} onChange={setAsOf} options={[year - 2, year - 1, year].map((y) => ({ value: y, label: `${y}${L('年', '')}` }))} data-testid={`${prefix}-year`} />
        {data?.plan && <Typography.Text type="secondary">{L('指标体系', 'Plan')}：{data.plan.title}</Typography.Text>}
      </Flex>
      <Flex wrap gap={8} style={{ marginBottom: 12 }}>
        {systems.map((s) => <Button key={s.path} onClick={() => navigate(s.path)} data-testid={`${prefix}-system-${s.path.split('/').pop()}`}>{L(s.zh, s.en)}</Button>)}
      </Flex>
      {overview.error && <Alert type="error" showIcon message={overview.error instanceof ApiError ? M(overview.error.text) : String(overview.error)} />}
      {data && !data.plan && <Alert type="info" showIcon message={L('本辖区尚未导入“无废城市”指标体系', 'No indicator plan has been imported for this area')} />}
      {data?.plan && <>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{L(note.zh, note.en)}</Typography.Paragraph>
        <IndicatorCards rows={data.rows} actions={{ onCompute: setComputing, onReport: () => navigate('/indicators') }} />
      </>}
      {computing && data && <IndicatorComputation indicatorId={computing.id} regionCode={data.regionCode} year={asOf} unit={indicatorUnit(computing)} onClose={() => setComputing(null)} />}
    </Card>
  );
}
