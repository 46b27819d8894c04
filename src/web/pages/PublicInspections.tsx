import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Input, List, Segmented, Space, Table, Tag, Typography } from 'antd';
import { get, qs, type Page } from '../api';
import { LangSwitch, useI18n } from '../i18n';
import { DRAW_METHOD, runDraw, sameDraw } from '../../domain/inspections';

// 双随机、一公开, published for anyone without a login: every draw with its seed and member lists, the
// result of each check (unit, day, passed or not, what was found; no officer's name), and a page that
// runs a draw again, on the server and in the visitor's own browser, to show it matches.

interface DrawRow { id: string; title: string; regionName: string; drawnOn: string; enterprisePoolName: string; enterpriseCount: number; members: number; seed: string; inspected: number; passed: number }
interface ResultRow { id: string; drawId: string; drawTitle: string; organisationName: string; regionName: string; inspectedOn: string; passed: boolean; findings: string }
interface Member { id: string; name: string }
interface PublicDraw {
  id: string; title: string; regionName: string; drawnOn: string; seed: string; enterpriseCount: number; inspectorsPerEnterprise: number; enterpriseMembers: Member[]; inspectorMembers: Member[];
  result: { organisationId: string; name: string; rank: string; inspectors: Member[]; inspectedOn: string | null; passed: boolean | null; findings: string | null }[];
}
interface Verification { matches: boolean; recomputed: { organisationId: string; name: string; rank: string; inspectorIds: string[] }[] }

function Frame({ children, title }: { children: React.ReactNode; title: string }) {
  const { L } = useI18n();
  return (
    <div style={{ minHeight: '100vh', background: 'linear-gradient(135deg,#e8f5ee,#f7faf8)', padding: 12 }}>
      <Card style={{ maxWidth: 1200, margin: '0 auto' }} styles={{ body: { padding: 16 } }}
        title={<Space direction="vertical" size={0} style={{ padding: '8px 0', whiteSpace: 'normal' }}>
          <Typography.Title level={4} style={{ margin: 0 }}>{title}</Typography.Title>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>{L('无废城市信息化监管平台 · 公开信息', 'Zero-Waste City platform · public information')}</Typography.Text>
        </Space>}
        extra={<LangSwitch />}>
        {children}
      </Card>
    </div>
  );
}

const verdict = (passed: boolean | null, L: (zh: string, en: string) => string) => (passed === null ? <Tag>{L('待检查', 'To be checked')}</Tag>
  : passed ? <Tag color="green">{L('合格', 'Passed')}</Tag> : <Tag color="red">{L('不合格', 'Failed')}</Tag>);

export default function PublicInspectionsPage() {
  const { id } = useParams();
  return id ? <DrawPage id={id} /> : <Overview />;
}

function Overview() {
  const { L } = useI18n();
  const [tab, setTab] = useState<'results' | 'draws'>('results');
  const [page, setPage] = useState(1);
  const [q, setQ] = useState<string | undefined>();
  const draws = useQuery({ queryKey: ['public-draws', page], enabled: tab === 'draws', queryFn: () => get<Page<DrawRow>>(`/api/public/inspections/draws${qs({ page, pageSize: 20 })}`) });
  const results = useQuery({ queryKey: ['public-results', page, q], enabled: tab === 'results', queryFn: () => get<Page<ResultRow>>(`/api/public/inspections/results${qs({ page, pageSize: 20, q })}`) });
  const pagination = (total: number) => ({ current: page, pageSize: 20, total, onChange: setPage, size: 'small' as const, showTotal: (t: number) => L(`共 ${t} 条`, `${t} in all`) });
  return (
    <Frame title={L('“双随机、一公开”抽查结果公开', 'Random inspections: published results')}>
      <Typography.Paragraph type="secondary">
        {L('生态环境部门从检查对象名录库中随机抽取企业、从执法人员名录库中随机选派检查人员，对危险废物规范化环境管理情况进行抽查。每次抽取都公布随机种子和名单，任何人都可以复算抽取结果。',
          'The ecology bureau draws enterprises and officers at random and checks how hazardous waste is managed. Every draw publishes its seed and lists, so that anyone can run it again.')}
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented value={tab} onChange={(v) => { setTab(v as typeof tab); setPage(1); }} data-testid="public-tab"
          options={[{ value: 'results', label: L('检查结果', 'Results') }, { value: 'draws', label: L('抽取记录与复核', 'Draws and verification') }]} />
        {tab === 'results' && <Input.Search allowClear placeholder={L('企业名称', 'Company name')} style={{ width: 220 }} onSearch={(v) => { setPage(1); setQ(v || undefined); }} />}
      </Space>
      {tab === 'results'
        ? <List<ResultRow> loading={results.isLoading} dataSource={results.data?.items ?? []} pagination={pagination(results.data?.total ?? 0)} data-testid="public-results"
          locale={{ emptyText: L('暂无公开的检查结果', 'No published results yet') }}
          renderItem={(r) => (
            <List.Item key={r.id}>
              <List.Item.Meta title={<Space wrap>{verdict(r.passed, L)}<span>{r.organisationName}</span></Space>}
                description={<>
                  <div>{r.inspectedOn} · {r.regionName} · <Link to={`/public/inspections/${r.drawId}`}>{r.drawTitle}</Link></div>
                  {r.findings && <div style={{ color: '#595959' }}>{L('发现问题：', 'Findings: ')}{r.findings}</div>}
                </>} />
            </List.Item>
          )} />
        : <Table<DrawRow> rowKey="id" size="small" loading={draws.isLoading} dataSource={draws.data?.items ?? []} pagination={pagination(draws.data?.total ?? 0)} scroll={{ x: 'max-content' }} data-testid="public-draws"
          columns={[
            { title: L('抽取事项', 'Draw'), dataIndex: 'title', render: (t: string, r) => <Link to={`/public/inspections/${r.id}`}>{t}</Link> },
            { title: L('日期', 'Day'), dataIndex: 'drawnOn', width: 110 },
            { title: L('地区', 'Area'), dataIndex: 'regionName' },
            { title: L('抽取 / 名录', 'Drawn / pool'), key: 'n', render: (_: unknown, r) => L(`${r.enterpriseCount} / ${r.members} 家`, `${r.enterpriseCount} / ${r.members}`) },
            { title: L('检查（合格）', 'Checked (passed)'), key: 'c', render: (_: unknown, r) => L(`${r.inspected}（${r.passed}）家`, `${r.inspected} (${r.passed})`) },
            { title: L('随机种子', 'Seed'), dataIndex: 'seed', render: (s: string) => <Typography.Text code>{s}</Typography.Text> },
          ]} />}
    </Frame>
  );
}

function DrawPage({ id }: { id: string }) {
  const { L, lang } = useI18n();
  const draw = useQuery({ queryKey: ['public-draw', id], queryFn: () => get<PublicDraw>(`/api/public/inspections/draws/${id}`) });
  const server = useQuery({ queryKey: ['public-verify', id], queryFn: () => get<Verification>(`/api/public/inspections/draws/${id}/verify`) });
  const d = draw.data;
  // The same algorithm, run here in the visitor's browser on what the page was given.
  const local = useMemo(() => (d ? runDraw({ seed: d.seed, enterprises: d.enterpriseMembers, inspectors: d.inspectorMembers, enterpriseCount: d.enterpriseCount, inspectorsPerEnterprise: d.inspectorsPerEnterprise }) : null), [d]);
  const localMatches = !!(d && local && sameDraw(local, d.result));
  return (
    <Frame title={d?.title ?? L('抽取结果', 'Draw')}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Link to="/public/inspections">{L('← 全部抽查结果', '← All results')}</Link>
        {draw.isError && <Alert type="error" showIcon message={L('抽取记录不存在', 'No such draw')} />}
        {d && <>
          <Alert data-testid="verify-result" type={server.data?.matches && localMatches ? 'success' : server.data ? 'error' : 'info'} showIcon
            message={server.data ? (server.data.matches && localMatches ? L('复核一致：按公布的随机种子和名单重新抽取，结果与公布结果完全相同。', 'Verified: re-running the draw from the published seed and lists gives exactly the published result.')
              : L('复核不一致', 'The re-run does not match')) : L('正在复核…', 'Verifying…')}
            description={<>
              <div>{L('服务器复算：', 'Re-run on the server: ')}{server.data ? (server.data.matches ? L('一致', 'matches') : L('不一致', 'does not match')) : '…'}</div>
              <div>{L('本浏览器复算：', 'Re-run in this browser: ')}<span data-testid="verify-local">{localMatches ? L('一致', 'matches') : L('不一致', 'does not match')}</span></div>
            </>} />
          <Typography.Paragraph>
            <Typography.Text strong>{L('随机种子：', 'Seed: ')}</Typography.Text><Typography.Text code copyable data-testid="public-seed">{d.seed}</Typography.Text>
            <br />{L(`${d.regionName} · ${d.drawnOn} · 从 ${d.enterpriseMembers.length} 家中抽取 ${d.enterpriseCount} 家，每家随机选派 ${d.inspectorsPerEnterprise} 名执法人员（共 ${d.inspectorMembers.length} 人）`,
              `${d.regionName} · ${d.drawnOn} · ${d.enterpriseCount} of ${d.enterpriseMembers.length} enterprises, ${d.inspectorsPerEnterprise} officers each (of ${d.inspectorMembers.length})`)}
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary" data-testid="draw-method">{L('抽取方法：', 'Method: ')}{DRAW_METHOD[lang]}</Typography.Paragraph>
          <Table rowKey="organisationId" size="small" pagination={false} dataSource={d.result} scroll={{ x: 'max-content' }} data-testid="public-draw-result"
            columns={[
              { title: '#', key: 'i', width: 36, render: (_: unknown, _r, i) => i + 1 },
              { title: L('抽中企业', 'Enterprise'), dataIndex: 'name' },
              { title: L('结果', 'Result'), key: 'v', render: (_: unknown, r) => <>{verdict(r.passed, L)}{r.inspectedOn ?? ''}</> },
              { title: L('发现问题', 'Findings'), dataIndex: 'findings', render: (f: string | null) => f || '' },
              { title: L('执法人员', 'Officers'), key: 'o', render: (_: unknown, r) => r.inspectors.map((i) => i.name).join('、') },
              { title: L('摘要（SHA-256 前16位）', 'Digest (first 16 of SHA-256)'), dataIndex: 'rank', render: (h: string) => <Typography.Text code>{h.slice(0, 16)}</Typography.Text> },
            ]} />
          <details>
            <summary>{L(`检查对象名单（${d.enterpriseMembers.length} 家）与执法人员名单（${d.inspectorMembers.length} 人）`, `The lists: ${d.enterpriseMembers.length} enterprises, ${d.inspectorMembers.length} officers`)}</summary>
            <Typography.Paragraph style={{ fontSize: 12 }}>
              {d.enterpriseMembers.map((m) => `${m.id}  ${m.name}`).join('\n').split('\n').map((line) => <span key={line} style={{ display: 'block', fontFamily: 'monospace', wordBreak: 'break-all' }}>{line}</span>)}
            </Typography.Paragraph>
            <Typography.Paragraph style={{ fontSize: 12 }}>
              {d.inspectorMembers.map((m) => <span key={m.id} style={{ display: 'block', fontFamily: 'monospace', wordBreak: 'break-all' }}>{m.id}  {m.name}</span>)}
            </Typography.Paragraph>
          </details>
        </>}
      </Space>
    </Frame>
  );
}
