import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, List, Progress, Segmented, Space, Spin, Statistic, Tag, Typography } from 'antd';
import { ApiError, get, qs, type Page } from '../api';
import { shanghai, useI18n } from '../i18n';
import { classWord, gradeWord, GRADE_COLOUR, kg, pct, pts, type Rate } from '../green';

// 我的绿色账户: the resident's phone pages (390 px wide first). His points and their history (earned,
// redeemed, expired), his card's QR code to show at the counter, the collection points near him and
// when they open, and how his community compares with the others of his town.

interface Account {
  household: { placeName: string; address: string; cardNo: string; regionName: string | null };
  qrSvg: string; balance: number; earned: number; redeemed: number; expired: number; expiringSoon: number; nextExpiry: string | null;
}
interface Entry { id: string; kind: 'earn' | 'redeem' | 'expire'; points: number; at: string; expiresAt: string | null; wasteClass: string | null; weightKg: number | null; grade: string | null; facilityName: string | null; goods: string | null; quantity: number | null; bookingNo: string | null }
interface Point { id: string; name: string; address: string; classes: string[]; opensAt: string | null; closesAt: string | null; distanceM: number | null; openNow: boolean | null }
interface Community { from: string; to: string; townName: string | null; mine: Rate; rank: number; places: number; townParticipationPct: number | null; townAccuracyPct: number | null; ranking: { placeId: string; name: string; participationPct: number | null; accuracyPct: number | null; mine: boolean }[] }

const metres = (m: number | null, lang: 'zh' | 'en') => (m === null ? '' : m < 1000 ? `${Math.round(m / 10) * 10} ${lang === 'zh' ? '米' : 'm'}` : `${(m / 1000).toFixed(1)} ${lang === 'zh' ? '公里' : 'km'}`);

export default function GreenMePage() {
  const { L, M } = useI18n();
  const [tab, setTab] = useState<'points' | 'near' | 'community'>('points');
  const account = useQuery({ queryKey: ['green-me'], queryFn: () => get<Account>('/api/green/me') });
  if (account.isLoading) return <Spin style={{ margin: 40 }} />;
  if (account.error) return <Alert type="info" showIcon message={account.error instanceof ApiError ? M(account.error.text) : String(account.error)} />;
  return (
    <div style={{ maxWidth: 480, margin: '0 auto' }} data-testid="green-me">
      <Typography.Title level={5} style={{ margin: '0 0 8px' }}>{L('我的绿色账户', 'My green account')}</Typography.Title>
      <Segmented block value={tab} onChange={(v) => setTab(v as typeof tab)} style={{ marginBottom: 12 }} options={[
        { value: 'points', label: <span data-testid="me-tab-points">{L('我的积分', 'My points')}</span> },
        { value: 'near', label: <span data-testid="me-tab-near">{L('附近收集点', 'Nearby')}</span> },
        { value: 'community', label: <span data-testid="me-tab-community">{L('小区排名', 'My community')}</span> },
      ]} />
      {tab === 'points' && account.data && <Points account={account.data} />}
      {tab === 'near' && <Nearby />}
      {tab === 'community' && <CommunityCard />}
    </div>
  );
}

function Points({ account }: { account: Account }) {
  const { L, lang } = useI18n();
  const [qr, setQr] = useState(false);
  const [kind, setKind] = useState<'all' | Entry['kind']>('all');
  const [page, setPage] = useState(1);
  const history = useQuery({ queryKey: ['green-me-history', kind, page], queryFn: () => get<Page<Entry>>(`/api/green/me/history${qs({ kind: kind === 'all' ? undefined : kind, page, pageSize: 10 })}`) });
  const h = account.household;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card style={{ background: 'linear-gradient(135deg,#1f7a4d,#49a36f)', color: '#fff' }} styles={{ body: { padding: 16 } }}>
        <div style={{ color: '#dff5e8' }}>{h.placeName} · {h.address}</div>
        <Statistic title={<span style={{ color: '#dff5e8' }}>{L('可用积分', 'Points available')}</span>} value={account.balance} suffix={L('分', 'pts')} valueStyle={{ color: '#fff', fontSize: 40 }} data-testid="me-balance" />
        <div style={{ color: '#dff5e8', fontSize: 13 }}>
          {L(`累计获得 ${account.earned} · 已兑换 ${account.redeemed} · 已过期 ${account.expired}`, `Earned ${account.earned} · redeemed ${account.redeemed} · expired ${account.expired}`)}
        </div>
        {account.expiringSoon > 0 && <div style={{ marginTop: 6 }} data-testid="me-expiring"><Tag color="orange">{L(`${account.expiringSoon} 分将在30天内到期`, `${account.expiringSoon} points lapse within 30 days`)}</Tag></div>}
        <Button size="small" style={{ marginTop: 8 }} onClick={() => setQr(!qr)} data-testid="me-show-qr">{qr ? L('收起', 'Hide') : L(`出示卡码 ${h.cardNo}`, `Show card ${h.cardNo}`)}</Button>
        {qr && <div style={{ background: '#fff', padding: 12, marginTop: 8, borderRadius: 8, width: 200 }} dangerouslySetInnerHTML={{ __html: account.qrSvg }} data-testid="me-qr" />}
      </Card>
      <Segmented size="small" value={kind} onChange={(v) => { setKind(v as typeof kind); setPage(1); }} options={[
        { value: 'all', label: L('全部', 'All') }, { value: 'earn', label: L('获得', 'Earned') }, { value: 'redeem', label: L('兑换', 'Redeemed') }, { value: 'expire', label: L('过期', 'Expired') }]} data-testid="me-history-kind" />
      <List<Entry> loading={history.isLoading} dataSource={history.data?.items ?? []} data-testid="me-history"
        pagination={{ current: page, pageSize: 10, total: history.data?.total ?? 0, onChange: setPage, size: 'small', simple: true }}
        renderItem={(e) => (
          <List.Item data-testid={`me-entry-${e.kind}`} extra={<Typography.Text strong style={{ color: e.points > 0 ? '#1f7a4d' : '#c0392b', fontSize: 16 }}>{e.points > 0 ? '+' : ''}{e.points}</Typography.Text>}>
            <List.Item.Meta
              title={e.kind === 'earn' && e.bookingNo ? L(`预约回收 ${e.bookingNo}`, `Booked pickup ${e.bookingNo}`) : e.kind === 'earn' ? <Space size={4}>{classWord(e.wasteClass, lang)}{e.grade && <Tag color={GRADE_COLOUR[e.grade]}>{gradeWord(e.grade, lang)}</Tag>}{e.weightKg !== null && <span style={{ fontWeight: 'normal' }}>{kg(e.weightKg, lang)}</span>}</Space>
                : e.kind === 'redeem' ? L(`兑换 ${e.goods} ×${e.quantity}`, `Redeemed ${e.goods} ×${e.quantity}`) : L('积分过期', 'Points expired')}
              description={<span style={{ fontSize: 12 }}>{shanghai(e.at)}{e.facilityName ? ` · ${e.facilityName}` : ''}{e.kind === 'earn' && e.expiresAt ? L(` · ${shanghai(e.expiresAt, false)} 到期`, ` · lapses ${shanghai(e.expiresAt, false)}`) : ''}</span>} />
          </List.Item>
        )} />
    </Space>
  );
}

function Nearby() {
  const { L, lang } = useI18n();
  const q = useQuery({ queryKey: ['green-me-near'], queryFn: () => get<Page<Point>>('/api/green/me/collection-points?pageSize=10') });
  return (
    <List<Point> loading={q.isLoading} dataSource={q.data?.items ?? []} data-testid="me-near"
      renderItem={(p) => (
        <List.Item data-testid="me-point">
          <List.Item.Meta title={<Space wrap size={4}>{p.name}{p.openNow === true && <Tag color="green">{L('开放中', 'Open now')}</Tag>}{p.openNow === false && <Tag>{L('已关闭', 'Closed')}</Tag>}</Space>}
            description={<>
              <div>{L('开放时间', 'Opening hours')} {p.opensAt ?? '—'}–{p.closesAt ?? '—'}{p.distanceM !== null ? ` · ${metres(p.distanceM, lang)}` : ''}</div>
              <div style={{ fontSize: 12 }}>{p.address} · {p.classes.map((c) => classWord(c, lang)).join('、')}</div>
            </>} />
        </List.Item>
      )} />
  );
}

function CommunityCard() {
  const { L } = useI18n();
  const q = useQuery({ queryKey: ['green-me-community'], queryFn: () => get<Community>('/api/green/me/community') });
  const c = q.data;
  if (!c) return <Spin />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="me-community">
      <Card size="small" title={L(`${c.mine.name}：第 ${c.rank} 名（共 ${c.places} 个小区，${c.townName ?? ''}）`, `${c.mine.name}: ${c.rank} of ${c.places} in ${c.townName ?? 'the town'}`)}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{L(`近30天（${c.from} 至 ${c.to}）`, `Last 30 days (${c.from} to ${c.to})`)}</Typography.Text>
        <div style={{ marginTop: 8 }}>{L('参与率', 'Participation')} {pct(c.mine.participationPct)} <Typography.Text type="secondary">{L(`（全街道其他小区平均 ${pct(c.townParticipationPct)}）`, `(other communities: ${pct(c.townParticipationPct)})`)}</Typography.Text></div>
        <Progress percent={c.mine.participationPct ?? 0} showInfo={false} strokeColor="#1f7a4d" />
        <div>{L('准确率', 'Accuracy')} {pct(c.mine.accuracyPct)} <Typography.Text type="secondary">{L(`（平均 ${pct(c.townAccuracyPct)}）`, `(average ${pct(c.townAccuracyPct)})`)}</Typography.Text></div>
        <Progress percent={c.mine.accuracyPct ?? 0} showInfo={false} strokeColor="#49a36f" />
      </Card>
      <List size="small" bordered dataSource={c.ranking} renderItem={(r, i) => (
        <List.Item style={r.mine ? { background: '#eef8f1', fontWeight: 600 } : undefined} data-testid={r.mine ? 'me-community-mine' : undefined}>
          <span>{i + 1}. {r.name}</span><span>{pct(r.participationPct)} · {pct(r.accuracyPct)}</span>
        </List.Item>
      )} />
    </Space>
  );
}
