import { useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Descriptions, Empty, List, Menu, Row, Segmented, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { ApiError, get, qs, type Page } from '../api';
import { LangSwitch, shanghai, useI18n } from '../i18n';
import { useSession } from '../session';
import { VectorMap, type MapPoint } from '../components/VectorMap';
import { formatValue } from '../../domain/format';
import { ARTICLE_KINDS, DATASET_FREQUENCIES } from '../../domain/portal';

// 公众门户: what anyone reads without logging in (seed 000 五(三) 信息公开), on a phone or a desk: the area's
// indicators, its plans, policies and news, where to hand in recyclables and at what price, and the open
// data. Everything here comes from the public routes (/api/public/…), which carry nothing personal.

interface Area { regionCode: string; name: string; level: string; parentCode: string | null; plan: string | null; primary: boolean }
interface Article { id: string; regionCode: string; regionName: string; kind: string; title: string; summary: string; issuer: string; documentNo: string; publishedOn: string | null }
interface ArticleFull extends Article { body: string; attachments: { name: string }[] }
interface IndicatorRow {
  no: number; level1: string; level2: string; name: string; mark: string | null; valueUnit: string; baselineText: string; targets: { year: number; text: string }[];
  value: { year: number; value: number } | null; source: { zh: string; en: string }; status: { value: string; zh: string; en: string }; updatedAt: string | null;
}
interface IndicatorView { regionName: string; year: number; plan: { title: string }; computedRows: number; counts: Record<string, number>; rows: IndicatorRow[]; computedAt: string }
interface Home {
  regionName: string; indicators: { total: number; computed: number; counts: Record<string, number>; plan: string } | null; collectionPoints: number; datasets: number; latest: Article[];
  complaints: { year: number; total: number; answered: number; inHand: number };
}
interface Point { id: string; name: string; kind: { value: string; zh: string; en: string }; operator: string | null; regionName: string; address: string; longitude: number | null; latitude: number | null }
interface Price { company: string; categoryLabel: { zh: string; en: string }; unit: string; priceYuan: number; effectiveFrom: string }
type JsonLd = Record<string, unknown>;

const STATUS_COLOURS: Record<string, string> = { achieved: 'green', on_track: 'blue', at_risk: 'orange', off_track: 'red', no_data: 'default', awaiting_assessment: 'purple' };
const SECTIONS = ['', 'indicators', 'articles', 'cells', 'points', 'surveys', 'open-data'] as const;

/** The area the visitor reads, kept in the address (?region=) so a link names it; the first area with a plan otherwise. */
function useArea() {
  const [params, setParams] = useSearchParams();
  const areas = useQuery({ queryKey: ['public-areas'], queryFn: () => get<{ items: Area[] }>('/api/public/areas') });
  const list = areas.data?.items ?? [];
  const region = params.get('region') ?? list.find((a) => a.primary)?.regionCode ?? list[0]?.regionCode ?? null;
  const choose = (code: string) => { params.set('region', code); setParams(params); };
  return { areas: list, region, choose, loading: areas.isLoading, error: areas.error };
}

function Failed({ error }: { error: unknown }) {
  const { M } = useI18n();
  return <Alert type="error" showIcon message={error instanceof ApiError ? M(error.text) : String(error)} />;
}

export default function PortalPage() {
  const { L } = useI18n();
  const { me } = useSession();
  const { areas, region, choose, error } = useArea();
  const location = useLocation();
  const navigate = useNavigate();
  const section = location.pathname.split('/')[2] ?? '';
  const withRegion = (path: string) => `${path}${region ? `?region=${region}` : ''}`;
  const items = [
    { key: '', label: L('首页', 'Home') }, { key: 'indicators', label: L('指标公开', 'Indicators') }, { key: 'articles', label: L('政策与动态', 'Policies and news') },
    { key: 'cells', label: L('无废细胞', 'Zero-waste cells') }, { key: 'points', label: L('回收网点与价格', 'Where to recycle') },
    { key: 'surveys', label: L('问卷调查', 'Surveys') }, { key: 'open-data', label: L('开放数据', 'Open data') },
  ];
  return (
    <div style={{ minHeight: '100vh', background: '#f3f7f5' }}>
      <header style={{ background: 'linear-gradient(120deg,#1f7a4d,#2f9e6a)', color: '#fff', padding: '12px 16px' }}>
        <div style={{ maxWidth: 1200, margin: '0 auto', display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', justifyContent: 'space-between' }}>
          <Link to={withRegion('/public')} style={{ color: '#fff' }}>
            <Typography.Title level={4} style={{ color: '#fff', margin: 0 }} data-testid="portal-title">{L('无废城市 · 公众服务', 'Zero-Waste City · for the public')}</Typography.Title>
          </Link>
          <Space wrap>
            <Select size="small" style={{ minWidth: 140 }} value={region ?? undefined} onChange={choose} data-testid="portal-area" aria-label={L('地区', 'Area')}
              options={areas.map((a) => ({ value: a.regionCode, label: a.name }))} />
            <Link to="/report" data-testid="portal-report"><Button size="small" danger>{L('我要举报', 'Report a problem')}</Button></Link>
            <LangSwitch />
            <Link to={me ? '/' : '/login'} data-testid="portal-login"><Button size="small">{me ? L('进入平台', 'Open the console') : L('登录', 'Log in')}</Button></Link>
          </Space>
        </div>
      </header>
      <div style={{ maxWidth: 1200, margin: '0 auto', padding: '0 8px' }}>
        <Menu mode="horizontal" selectedKeys={[SECTIONS.includes(section as (typeof SECTIONS)[number]) ? section : '']} items={items} data-testid="portal-menu"
          onClick={(e) => navigate(withRegion(e.key ? `/public/${e.key}` : '/public'))} style={{ background: 'transparent' }} />
        <main style={{ padding: '12px 0 32px' }}>
          {error ? <Failed error={error} /> : !region ? null : (
            section === 'indicators' ? <IndicatorsSection region={region} />
              : section === 'articles' ? <ArticlesSection region={region} />
                : section === 'cells' ? <CellsSection region={region} />
                : section === 'surveys' ? <SurveysSection region={region} />
                : section === 'points' ? <PointsSection region={region} />
                  : section === 'open-data' ? <OpenDataSection region={region} />
                    : <HomeSection region={region} withRegion={withRegion} />
          )}
        </main>
        <footer style={{ textAlign: 'center', color: '#8c8c8c', paddingBottom: 24, fontSize: 12 }}>
          <Space split="·" wrap>
            <Link to="/supply">{L('再生产品供求信息', 'Recycled products')}</Link>
            <Link to="/public/inspections">{L('“双随机、一公开”抽查结果', 'Random inspections and results')}</Link>
            <Link to={withRegion('/public/open-data')}>{L('开放数据', 'Open data')}</Link>
            <a href="/api/public/open-data" target="_blank" rel="noreferrer">DCAT</a>
          </Space>
        </footer>
      </div>
    </div>
  );
}

function HomeSection({ region, withRegion }: { region: string; withRegion: (p: string) => string }) {
  const { L, lang } = useI18n();
  const home = useQuery({ queryKey: ['public-home', region], queryFn: () => get<Home>(`/api/public/home${qs({ region })}`) });
  if (home.error) return <Failed error={home.error} />;
  const h = home.data;
  const counts = h?.indicators?.counts ?? {};
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card loading={home.isLoading} data-testid="portal-home">
        <Typography.Title level={3} style={{ marginTop: 0 }}>{h?.regionName}</Typography.Title>
        {h?.indicators ? <Typography.Paragraph type="secondary">{h.indicators.plan}</Typography.Paragraph> : <Typography.Paragraph type="secondary">{L('本地区尚未发布指标体系', 'No indicator plan published for this area')}</Typography.Paragraph>}
        <Row gutter={[16, 16]}>
          <Col xs={12} md={6}><Statistic title={L('建设指标', 'Indicators')} value={h?.indicators?.total ?? 0} suffix={L('项', '')} /></Col>
          <Col xs={12} md={6}><Statistic title={L('已达标或按进度推进', 'Achieved or on track')} value={(counts.achieved ?? 0) + (counts.on_track ?? 0)} suffix={L('项', '')} valueStyle={{ color: '#1f7a4d' }} /></Col>
          <Col xs={12} md={6}><Statistic title={L('由平台数据计算', 'Computed from platform data')} value={h?.indicators?.computed ?? 0} suffix={L('项', '')} /></Col>
          <Col xs={12} md={6}><Statistic title={L('回收网点和收集站点', 'Collection points')} value={h?.collectionPoints ?? 0} suffix={L('个', '')} /></Col>
          <Col xs={12} md={6}><Statistic title={L(`${h?.complaints.year ?? ''}年投诉举报`, `Reports in ${h?.complaints.year ?? ''}`)} value={h?.complaints.total ?? 0} suffix={L('件', '')} /></Col>
          <Col xs={12} md={6}><Statistic title={L('已办结', 'Answered')} value={h?.complaints.answered ?? 0} suffix={L('件', '')} /></Col>
          <Col xs={12} md={6}><Statistic title={L('办理中', 'In hand')} value={h?.complaints.inHand ?? 0} suffix={L('件', '')} /></Col>
        </Row>
        <Space wrap style={{ marginTop: 16 }}>
          <Link to={withRegion('/public/indicators')}><Button type="primary">{L('查看指标完成情况', 'See the indicators')}</Button></Link>
          <Link to={withRegion('/public/points')}><Button>{L('附近的回收网点', 'Where to recycle')}</Button></Link>
          <Link to="/supply"><Button>{L('再生产品市场', 'Recycled products')}</Button></Link>
          <Link to={withRegion('/public/open-data')}><Button>{L(`开放数据（${h?.datasets ?? 0} 个数据集）`, `Open data (${h?.datasets ?? 0} datasets)`)}</Button></Link>
        </Space>
      </Card>
      <Card title={L('政策与动态', 'Policies and news')} extra={<Link to={withRegion('/public/articles')}>{L('更多', 'More')}</Link>}>
        <List dataSource={h?.latest ?? []} locale={{ emptyText: L('暂无发布的信息', 'Nothing published yet') }} data-testid="portal-latest"
          renderItem={(a) => (
            <List.Item>
              <List.Item.Meta title={<Link to={`${withRegion(`/public/articles/${a.id}`)}`}>{a.title}</Link>}
                description={<Space wrap size={4}><Tag>{kindLabel(a.kind, lang)}</Tag>{a.documentNo && <span>{a.documentNo}</span>}<span>{a.publishedOn}</span></Space>} />
            </List.Item>
          )} />
      </Card>
    </Space>
  );
}

const kindLabel = (kind: string, lang: 'zh' | 'en') => ARTICLE_KINDS.find((k) => k.value === kind)?.[lang] ?? kind;

function IndicatorsSection({ region }: { region: string }) {
  const { L, lang, M } = useI18n();
  const [area, setArea] = useState<string>('all');
  const view = useQuery({ queryKey: ['public-indicators', region], queryFn: () => get<IndicatorView>(`/api/public/indicators${qs({ region })}`) });
  const areas = useMemo(() => [...new Set((view.data?.rows ?? []).map((r) => r.level1))], [view.data]);
  if (view.error) return view.error instanceof ApiError && view.error.status === 404 ? <Empty description={M(view.error.text)} /> : <Failed error={view.error} />;
  const rows = (view.data?.rows ?? []).filter((r) => area === 'all' || r.level1 === area);
  return (
    <Card loading={view.isLoading} data-testid="portal-indicators"
      title={<Space direction="vertical" size={0}><span>{L(`${view.data?.regionName ?? ''} “无废城市”建设指标`, `${view.data?.regionName ?? ''}: zero-waste indicators`)}</span>
        <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 12 }}>{view.data?.plan.title} · {L(`${view.data?.year ?? ''}年 · 计算于 ${shanghai(view.data?.computedAt)}`, `${view.data?.year ?? ''} · computed ${shanghai(view.data?.computedAt)}`)}</Typography.Text></Space>}>
      <Space wrap style={{ marginBottom: 12 }}>
        {Object.entries(view.data?.counts ?? {}).filter(([, n]) => n > 0).map(([status, n]) => {
          const r = view.data?.rows.find((x) => x.status.value === status);
          return <Tag key={status} color={STATUS_COLOURS[status]}>{r ? (lang === 'zh' ? r.status.zh : r.status.en) : status} {n}</Tag>;
        })}
      </Space>
      <div style={{ marginBottom: 12, overflowX: 'auto' }}>
        <Segmented value={area} onChange={(v) => setArea(String(v))} options={[{ value: 'all', label: L('全部', 'All') }, ...areas.map((a) => ({ value: a, label: a }))]} />
      </div>
      <Table<IndicatorRow> rowKey="no" size="small" dataSource={rows} pagination={false} scroll={{ x: 900 }} data-testid="portal-indicator-table"
        columns={[
          { title: L('序号', 'No.'), dataIndex: 'no', width: 56 },
          { title: L('指标', 'Indicator'), dataIndex: 'name', render: (n: string, r) => <span>{n}{r.mark === 'mandatory' && <Tag color="gold" style={{ marginLeft: 4 }}>★</Tag>}</span> },
          { title: L('最新值', 'Latest'), key: 'value', width: 140, render: (_: unknown, r) => (r.value ? <span data-testid={`portal-value-${r.no}`}>{formatValue(r.value.value, r.valueUnit, lang)}<Typography.Text type="secondary" style={{ fontSize: 12 }}>（{r.value.year}）</Typography.Text></span> : <Typography.Text type="secondary">—</Typography.Text>) },
          { title: L('目标', 'Target'), key: 'target', width: 200, render: (_: unknown, r) => r.targets.map((t) => `${t.year}：${t.text}`).join('；') },
          { title: L('进展', 'Progress'), key: 'status', width: 110, render: (_: unknown, r) => <Tag color={STATUS_COLOURS[r.status.value]}>{lang === 'zh' ? r.status.zh : r.status.en}</Tag> },
          { title: L('来源', 'Source'), key: 'source', width: 110, render: (_: unknown, r) => (lang === 'zh' ? r.source.zh : r.source.en) },
          { title: L('更新时间', 'Updated'), dataIndex: 'updatedAt', width: 150, render: (d: string | null) => (d ? shanghai(d) : '—') },
        ]} />
    </Card>
  );
}

function ArticlesSection({ region }: { region: string }) {
  const { L, lang } = useI18n();
  const { id } = useParams();
  const [kind, setKind] = useState<string>('all');
  const [page, setPage] = useState(1);
  useEffect(() => setPage(1), [kind, region]);
  const list = useQuery({
    queryKey: ['public-articles', region, kind, page], enabled: !id,
    queryFn: () => get<Page<Article>>(`/api/public/articles${qs({ region, kind: kind === 'all' ? undefined : kind, page, pageSize: 10 })}`),
  });
  if (id) return <ArticleView id={id} />;
  if (list.error) return <Failed error={list.error} />;
  return (
    <Card title={L('政策与动态', 'Policies and news')} data-testid="portal-articles">
      <div style={{ marginBottom: 12, overflowX: 'auto' }}>
        <Segmented value={kind} onChange={(v) => setKind(String(v))} options={[{ value: 'all', label: L('全部', 'All') }, ...ARTICLE_KINDS.map((k) => ({ value: k.value, label: k[lang] }))]} />
      </div>
      <List loading={list.isLoading} dataSource={list.data?.items ?? []} locale={{ emptyText: L('暂无发布的信息', 'Nothing published yet') }}
        pagination={{ current: page, pageSize: 10, total: list.data?.total ?? 0, onChange: setPage, showTotal: (t) => L(`共 ${t} 篇`, `${t} in all`) }}
        renderItem={(a) => (
          <List.Item>
            <List.Item.Meta title={<Link to={`/public/articles/${a.id}?region=${region}`}>{a.title}</Link>}
              description={<Space direction="vertical" size={2}>
                <Space wrap size={4}><Tag>{kindLabel(a.kind, lang)}</Tag>{a.issuer && <span>{a.issuer}</span>}{a.documentNo && <span>{a.documentNo}</span>}<span>{a.publishedOn}</span>{a.regionCode !== region && <Tag color="blue">{a.regionName}</Tag>}</Space>
                {a.summary && <Typography.Text type="secondary">{a.summary}</Typography.Text>}
              </Space>} />
          </List.Item>
        )} />
    </Card>
  );
}

function ArticleView({ id }: { id: string }) {
  const { L, lang } = useI18n();
  const article = useQuery({ queryKey: ['public-article', id], queryFn: () => get<ArticleFull>(`/api/public/articles/${id}`) });
  if (article.error) return <Failed error={article.error} />;
  const a = article.data;
  return (
    <Card loading={article.isLoading} data-testid="portal-article">
      {a && <>
        <Typography.Title level={3} style={{ textAlign: 'center' }}>{a.title}</Typography.Title>
        <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 16 }}>
          <Descriptions.Item label={L('类别', 'Kind')}>{kindLabel(a.kind, lang)}</Descriptions.Item>
          {a.issuer && <Descriptions.Item label={L('发文机关', 'Issued by')}>{a.issuer}</Descriptions.Item>}
          {a.documentNo && <Descriptions.Item label={L('文号', 'Number')}>{a.documentNo}</Descriptions.Item>}
          <Descriptions.Item label={L('日期', 'Date')}>{a.publishedOn}</Descriptions.Item>
        </Descriptions>
        {a.summary && <Alert type="info" message={a.summary} style={{ marginBottom: 16 }} />}
        {/* Text as written: React escapes it; paragraphs by line. */}
        <div style={{ whiteSpace: 'pre-wrap', lineHeight: 1.9, fontSize: 15 }} data-testid="portal-article-body">{a.body}</div>
        {a.attachments.length > 0 && <List size="small" header={L('附件', 'Attachments')} dataSource={a.attachments} renderItem={(f) => <List.Item>{f.name}</List.Item>} style={{ marginTop: 16 }} />}
      </>}
    </Card>
  );
}

function PointsSection({ region }: { region: string }) {
  const { L, lang } = useI18n();
  const [kind, setKind] = useState<string>('all');
  const [page, setPage] = useState(1);
  useEffect(() => setPage(1), [kind, region]);
  const points = useQuery({
    queryKey: ['public-points', region, kind, page],
    queryFn: () => get<Page<Point>>(`/api/public/collection-points${qs({ region, kind: kind === 'all' ? undefined : kind, page, pageSize: 50 })}`),
  });
  const prices = useQuery({ queryKey: ['public-prices', region], queryFn: () => get<{ items: Price[] }>(`/api/public/recycling-prices${qs({ region, pageSize: 100 })}`) });
  const mapPoints: MapPoint[] = (points.data?.items ?? []).filter((p) => p.longitude !== null && p.latitude !== null)
    .map((p) => ({ id: p.id, longitude: p.longitude!, latitude: p.latitude!, label: p.name, kind: lang === 'zh' ? p.kind.zh : p.kind.en, detail: p.address }));
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={L('回收网点和收集站点', 'Recycling stations and collection points')} data-testid="portal-points">
        <div style={{ marginBottom: 12, overflowX: 'auto' }}>
          <Segmented value={kind} onChange={(v) => setKind(String(v))} options={[
            { value: 'all', label: L('全部', 'All') }, { value: 'recycling_station', label: L('再生资源回收网点', 'Recycling stations') },
            { value: 'sorting_centre', label: L('分拣中心', 'Sorting centres') }, { value: 'collection_station', label: L('农药包装/农膜收集站', 'Farm collection points') }]} />
        </div>
        {points.error ? <Failed error={points.error} /> : <>
          {mapPoints.length > 0 && <VectorMap points={mapPoints} height={320} testId="portal-points-map" withOutlines={false} />}
          <Table<Point> rowKey="id" size="small" loading={points.isLoading} dataSource={points.data?.items ?? []} scroll={{ x: 640 }}
            pagination={{ current: page, pageSize: 50, total: points.data?.total ?? 0, onChange: setPage, showTotal: (t) => L(`共 ${t} 个`, `${t} in all`) }}
            columns={[
              { title: L('名称', 'Name'), dataIndex: 'name' },
              { title: L('类型', 'Kind'), key: 'kind', render: (_: unknown, p) => (lang === 'zh' ? p.kind.zh : p.kind.en) },
              { title: L('所在区域', 'Area'), dataIndex: 'regionName' },
              { title: L('地址', 'Address'), dataIndex: 'address' },
            ]} />
        </>}
      </Card>
      <Card title={L('现行回收价格', 'Prices in force')} data-testid="portal-prices">
        {prices.error ? <Failed error={prices.error} /> : (
          <Table<Price> rowKey={(p) => `${p.company}${p.categoryLabel.zh}`} size="small" loading={prices.isLoading} dataSource={prices.data?.items ?? []} pagination={{ pageSize: 20 }} scroll={{ x: 560 }}
            locale={{ emptyText: L('本地区暂无公布的回收价格', 'No prices published in this area') }}
            columns={[
              { title: L('回收企业', 'Company'), dataIndex: 'company' },
              { title: L('品类', 'Category'), key: 'category', render: (_: unknown, p) => (lang === 'zh' ? p.categoryLabel.zh : p.categoryLabel.en) },
              { title: L('价格', 'Price'), key: 'price', render: (_: unknown, p) => `${p.priceYuan.toFixed(2)} ${L(p.unit === 'kg' ? '元/千克' : '元/件', p.unit === 'kg' ? 'yuan/kg' : 'yuan/piece')}` },
              { title: L('生效日期', 'In force from'), dataIndex: 'effectiveFrom' },
            ]} />
        )}
      </Card>
    </Space>
  );
}

function OpenDataSection({ region }: { region: string }) {
  const { L, lang } = useI18n();
  const { id: slug } = useParams();
  const catalog = useQuery({ queryKey: ['public-catalog', region], queryFn: () => get<JsonLd>(`/api/public/open-data${qs({ region })}`) });
  if (catalog.error) return <Failed error={catalog.error} />;
  const sets = (catalog.data?.['dcat:dataset'] as JsonLd[] | undefined) ?? [];
  const text = (v: unknown) => (Array.isArray(v) ? ((v as { '@language': string; '@value': string }[]).find((x) => x['@language'] === lang) ?? v[0])['@value'] : String(v ?? ''));
  if (slug) return <DatasetView slug={slug} entry={sets.find((d) => d['dct:identifier'] === slug) ?? null} text={text} />;
  return (
    <Card title={L('开放数据', 'Open data')} loading={catalog.isLoading} data-testid="portal-open-data"
      extra={<a href={`/api/public/open-data?region=${region}`} target="_blank" rel="noreferrer">{L('数据目录（DCAT JSON-LD）', 'Catalogue (DCAT JSON-LD)')}</a>}>
      <List dataSource={sets} locale={{ emptyText: L('本地区暂未发布开放数据', 'No open data published for this area') }}
        renderItem={(d) => {
          const id = String(d['dct:identifier']);
          const distributions = (d['dcat:distribution'] as JsonLd[]) ?? [];
          return (
            <List.Item actions={distributions.map((x) => <a key={String(x['dcat:mediaType'])} href={String(x['dcat:downloadURL'])} data-testid={`download-${id}-${String(x['dcat:mediaType']).includes('csv') ? 'csv' : 'xlsx'}`}>{String(x['dct:title'])}</a>)}>
              <List.Item.Meta title={<Link to={`/public/open-data/${id}?region=${region}`}>{text(d['dct:title'])}</Link>}
                description={<Space direction="vertical" size={2}>
                  <Typography.Text type="secondary">{text(d['dct:description'])}</Typography.Text>
                  <Space wrap size={4}>{((d['dcat:keyword'] as string[]) ?? []).map((k) => <Tag key={k}>{k}</Tag>)}<span>{L('更新：', 'Updated: ')}{shanghai(String(d['dct:modified']), false)}</span></Space>
                </Space>} />
            </List.Item>
          );
        }} />
    </Card>
  );
}

function DatasetView({ slug, entry, text }: { slug: string; entry: JsonLd | null; text: (v: unknown) => string }) {
  const { L, lang } = useI18n();
  const [page, setPage] = useState(1);
  const rows = useQuery({
    queryKey: ['public-rows', slug, page],
    queryFn: () => get<{ columns: { key: string; zh: string; en: string }[]; items: Record<string, string | number | null>[] }>(`/api/public/open-data/${slug}/rows${qs({ page, pageSize: 20 })}`),
  });
  const frequency = entry ? String(entry['dct:accrualPeriodicity']).split('/').pop() : '';
  const freq = DATASET_FREQUENCIES.find((f) => f.value === frequency);
  const hasNext = (rows.data?.items.length ?? 0) === 20;
  return (
    <Card title={entry ? text(entry['dct:title']) : slug} data-testid="portal-dataset">
      {entry && <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={L('说明', 'Description')}>{text(entry['dct:description'])}</Descriptions.Item>
        <Descriptions.Item label={L('发布单位', 'Publisher')}>{String((entry['dct:publisher'] as JsonLd)['foaf:name'])}</Descriptions.Item>
        <Descriptions.Item label={L('更新频率', 'Updated')}>{freq ? freq[lang] : frequency}</Descriptions.Item>
        <Descriptions.Item label={L('许可协议', 'Licence')}><a href={String(entry['dct:license'])} target="_blank" rel="noreferrer">{String(entry['dct:license'])}</a></Descriptions.Item>
        <Descriptions.Item label={L('下载', 'Download')}>
          <Space wrap>
            <a href={`/api/public/open-data/${slug}/data.csv`} data-testid="dataset-csv">CSV</a>
            <a href={`/api/public/open-data/${slug}/data.xlsx`} data-testid="dataset-xlsx">Excel</a>
            <a href={`/api/public/open-data/${slug}`} target="_blank" rel="noreferrer">JSON-LD</a>
          </Space>
        </Descriptions.Item>
      </Descriptions>}
      {rows.error ? <Failed error={rows.error} /> : (
        <Table rowKey={(_, i) => String(i)} size="small" loading={rows.isLoading} dataSource={rows.data?.items ?? []} scroll={{ x: 'max-content' }} pagination={false} data-testid="dataset-rows"
          columns={(rows.data?.columns ?? []).map((c) => ({ title: lang === 'zh' ? c.zh : c.en, dataIndex: c.key, render: (v: unknown) => (v === null || v === undefined ? '' : String(v)) }))} />
      )}
      <Space style={{ marginTop: 12 }}>
        <Button size="small" disabled={page === 1} onClick={() => setPage(page - 1)}>{L('上一页', 'Previous')}</Button>
        <span>{L(`第 ${page} 页`, `Page ${page}`)}</span>
        <Button size="small" disabled={!hasNext} onClick={() => setPage(page + 1)}>{L('下一页', 'Next')}</Button>
      </Space>
    </Card>
  );
}

interface PublicCell { id: string; name: string; kind: string | null; registerKind: string; regionName: string; namedOn: string; longitude: number | null; latitude: number | null }
interface Notice { id: string; name: string; kindName: { zh: string; en: string }; regionName: string; startOn: string; endOn: string; open: boolean }

function CellsSection({ region }: { region: string }) {
  const { L, lang } = useI18n();
  const [page, setPage] = useState(1);
  const cells = useQuery({ queryKey: ['public-cells', region, page], queryFn: () => get<Page<PublicCell>>(`/api/public/cells${qs({ regionCode: region, page, pageSize: 100 })}`) });
  const notices = useQuery({ queryKey: ['public-cell-notices'], queryFn: () => get<Page<Notice>>('/api/public/cells/notices?pageSize=20') });
  const inArea = (notices.data?.items ?? []);
  const points: MapPoint[] = (cells.data?.items ?? []).filter((c) => c.longitude !== null && c.latitude !== null)
    .map((c) => ({ id: c.id, longitude: c.longitude!, latitude: c.latitude!, label: c.name, kind: c.registerKind, detail: `${c.regionName} · ${c.namedOn}` }));
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {inArea.length > 0 && (
        <Card title={L('正在公示', 'In public notice now')} data-testid="portal-cell-notices">
          <List dataSource={inArea} renderItem={(n) => (
            <List.Item actions={[<Link key="open" to={`/public/cells/${n.id}`}>{n.open ? L('查看公示 / 提出异议', 'Read it / object') : L('查看', 'Read it')}</Link>]}>
              <List.Item.Meta title={n.name} description={`${n.kindName[lang]} · ${n.regionName} · ${L('公示期', 'Notice')} ${n.startOn} — ${n.endOn}`} />
            </List.Item>
          )} />
        </Card>
      )}
      <Card title={L('已命名的“无废城市细胞”', 'Named zero-waste cells')} data-testid="portal-cells">
        {cells.error ? <Failed error={cells.error} /> : <>
          {points.length > 0 && <VectorMap points={points} height={320} testId="portal-cells-map" withOutlines={false} />}
          <Table<PublicCell> rowKey="id" size="small" loading={cells.isLoading} dataSource={cells.data?.items ?? []} scroll={{ x: 560 }}
            pagination={{ current: page, pageSize: 100, total: cells.data?.total ?? 0, onChange: setPage, showTotal: (t) => L(`共 ${t} 个`, `${t} in all`) }}
            columns={[
              { title: L('名称', 'Name'), dataIndex: 'name' },
              { title: L('类型', 'Kind'), dataIndex: 'registerKind' },
              { title: L('所在区域', 'Area'), dataIndex: 'regionName' },
              { title: L('命名日期', 'Named on'), dataIndex: 'namedOn' },
            ]} />
        </>}
      </Card>
    </Space>
  );
}

interface OpenSurvey { id: string; title: string; closesOn: string | null; link: string }

function SurveysSection({ region }: { region: string }) {
  const { L } = useI18n();
  const surveys = useQuery({ queryKey: ['public-surveys', region], queryFn: () => get<{ items: OpenSurvey[] }>(`/api/public/surveys${qs({ regionCode: region })}`) });
  if (surveys.error) return <Failed error={surveys.error} />;
  return (
    <Card title={L('问卷调查', 'Surveys')} loading={surveys.isLoading} data-testid="portal-surveys">
      <List dataSource={surveys.data?.items ?? []} locale={{ emptyText: L('目前没有进行中的问卷', 'No survey is open now') }}
        renderItem={(s) => (
          <List.Item actions={[<Link key="answer" to={`/s/${s.id}`}><Button type="primary" size="small">{L('参与答题', 'Answer')}</Button></Link>]}>
            <List.Item.Meta title={s.title} description={s.closesOn ? L(`截止 ${s.closesOn}`, `Closes ${s.closesOn}`) : L('长期开放', 'Open')} />
          </List.Item>
        )} />
    </Card>
  );
}
