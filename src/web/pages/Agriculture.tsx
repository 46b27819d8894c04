import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Select, Typography } from 'antd';
import { ApiError, get, qs } from '../api';
import { useI18n } from '../i18n';
import { IndicatorComputation } from '../components/IndicatorComputation';
import { IndicatorCards, type Row } from './Indicators';
import { shanghaiYear } from '../../domain/labels';
import { indicatorUnit } from '../../domain/format';

/** The agricultural systems, each with its own books, in the order of seed 000's 三(二). */
const SYSTEMS = [
  { path: '/agri/straw', zh: '秸秆利用', en: 'Straw' },
  { path: '/agri/farms', zh: '畜禽养殖与粪污', en: 'Livestock and manure' },
  { path: '/agri/film', zh: '农膜回收', en: 'Farm film' },
  { path: '/agri/pesticide', zh: '农药包装废弃物与农药化肥使用', en: 'Pesticide packaging and farm inputs' },
  { path: '/agri/carcass', zh: '病死畜禽', en: 'Dead livestock' },
];

interface Overview { plan: { id: string; title: string; regionCode: string } | null; regionCode: string; rows: Row[] }

/**
 * 农业固体废物: the agriculture bureau's (or a town station's) rows of the plan in force, computed from
 * the farm records for its area and the year chosen; a computed value opens how it was computed, with
 * the records behind it. A row the departments report is reported on the indicators page.
 */
export default function AgriculturePage() {
  const { L, M } = useI18n();
  const navigate = useNavigate();
  const year = shanghaiYear();
  const [asOf, setAsOf] = useState(year);
  const [computing, setComputing] = useState<Row | null>(null);
  const overview = useQuery({ queryKey: ['agri-overview', asOf], queryFn: () => get<Overview>(`/api/agri/overview${qs({ year: asOf })}`) });
  const data = overview.data;
  return (
    <Card title={L('农业固体废物', 'Agricultural solid waste')} data-testid="agri-overview">
      <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }}>
        <Select value={asOf} onChange={setAsOf} options={[year - 2, year - 1, year].map((y) => ({ value: y, label: `${y}${L('年', '')}` }))} data-testid="agri-year" />
        {data?.plan && <Typography.Text type="secondary">{L('指标体系', 'Plan')}：{data.plan.title}</Typography.Text>}
      </Flex>
      <Flex wrap gap={8} style={{ marginBottom: 12 }}>
        {SYSTEMS.map((s) => <Button key={s.path} onClick={() => navigate(s.path)} data-testid={`agri-system-${s.path.split('/').pop()}`}>{L(s.zh, s.en)}</Button>)}
      </Flex>
      {overview.error && <Alert type="error" showIcon message={overview.error instanceof ApiError ? M(overview.error.text) : String(overview.error)} />}
      {data && !data.plan && <Alert type="info" showIcon message={L('本辖区尚未导入“无废城市”指标体系', 'No indicator plan has been imported for this area')} />}
      {data?.plan && <>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {L('本页列出指标体系中由农业农村部门牵头或由农业台账计算的指标，按本辖区和所选年度计算；点击数值查看计算过程和所依据的台账记录。部门填报的指标请到“指标体系”页填报。',
            'The plan’s rows the agriculture departments lead or the farm records compute, for your area and the year chosen; click a value to see how it was computed and the records behind it. Rows the departments report are reported on the Indicators page.')}
        </Typography.Paragraph>
        <IndicatorCards rows={data.rows} actions={{ onCompute: setComputing, onReport: () => navigate('/indicators') }} />
      </>}
      {computing && data && <IndicatorComputation indicatorId={computing.id} regionCode={data.regionCode} year={asOf} unit={indicatorUnit(computing)} onClose={() => setComputing(null)} />}
    </Card>
  );
}
