import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, InputNumber, List, Rate, Result, Segmented, Select, Space, Tag, Timeline, Typography, Upload, App } from 'antd';
import { AimOutlined, PlusOutlined } from '@ant-design/icons';
import { ApiError, api, get, post, qs, type Page } from '../api';
import { LangSwitch, shanghai, useI18n } from '../i18n';
import { useSession } from '../session';
import { COMPLAINT_CATEGORIES } from '../../domain/complaints';
import { actionWord, categoryWord, statusWord, STATUS_COLOUR, type Complaint, type Followed } from '../complaints';

// 投诉举报 (/report): the citizen's phone page (390 px first), usable without a login. He reports a
// problem with its place (his phone's position or typed figures, and the address), photos and an
// optional contact that only the handling department sees; before sending he is shown open reports of
// the same kind within 50 m and may say "same as this one". He follows a report by number and code
// (a logged-in resident also sees his own), rates the answer once and may reopen it in time.
// Everything the citizen wrote is rendered as text (React escapes it), never as HTML.

interface Region { code: string; name: string; level: string }
interface Nearby extends Complaint { distanceM: number }

export default function ReportPage() {
  const { L } = useI18n();
  const { me } = useSession();
  const [tab, setTab] = useState<'report' | 'follow'>('report');
  const [follow, setFollow] = useState<{ no: string; code?: string } | null>(null);
  return (
    <div style={{ minHeight: '100vh', background: '#f3f7f5', padding: 8 }}>
      <Card style={{ maxWidth: 640, margin: '0 auto' }} styles={{ body: { padding: 12 } }}
        title={<Space direction="vertical" size={0}><Typography.Title level={5} style={{ margin: 0 }}>{L('固体废物问题投诉举报', 'Report a solid-waste problem')}</Typography.Title>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 12 }}>{L('无废城市信息化监管平台', 'Zero-Waste City platform')}</Typography.Text></Space>}
        extra={<LangSwitch />}>
        <Segmented block value={tab} onChange={(v) => setTab(v as typeof tab)} style={{ marginBottom: 12 }} data-testid="report-tab"
          options={[{ value: 'report', label: L('我要举报', 'Report') }, { value: 'follow', label: L('查询进度', 'Follow') }]} />
        {tab === 'report'
          ? <ReportForm onFollow={(no, code) => { setFollow({ no, code }); setTab('follow'); }} />
          : <FollowPanel initial={follow} resident={me?.user.role === 'resident'} />}
        {!me && <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
          {L('无需登录即可举报。居民登录后可在“查询进度”中查看自己的全部投诉。', 'No login needed. A resident who logs in sees all his reports under “Follow”.')} <Link to="/login?next=/report">{L('登录', 'Log in')}</Link>
        </Typography.Paragraph>}
      </Card>
    </div>
  );
}

function ReportForm({ onFollow }: { onFollow: (no: string, code: string) => void }) {
  const { L, M } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [county, setCounty] = useState<string | undefined>();
  const [photos, setPhotos] = useState<{ name: string; url: string }[]>([]);
  const [nearby, setNearby] = useState<Nearby[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [done, setDone] = useState<{ complaintNo: string; followCode: string; sameAs?: string } | null>(null);
  const counties = useQuery({ queryKey: ['complaint-counties'], queryFn: () => get<{ items: Region[] }>('/api/complaints/regions') });
  const chosenCounty = county ?? counties.data?.items[0]?.code;
  const towns = useQuery({ queryKey: ['complaint-towns', chosenCounty], enabled: !!chosenCounty, queryFn: () => get<{ items: Region[] }>(`/api/complaints/regions?parent=${chosenCounty}`) });

  const locate = () => {
    if (!navigator.geolocation) { message.warning(L('此设备无法定位，请填写经纬度或地址', 'This device cannot locate: type the figures or the address')); return; }
    navigator.geolocation.getCurrentPosition(
      (p) => form.setFieldsValue({ lon: Math.round(p.coords.longitude * 1e6) / 1e6, lat: Math.round(p.coords.latitude * 1e6) / 1e6 }),
      () => message.warning(L('定位失败，请填写经纬度或地址', 'Could not locate: type the figures or the address')),
    );
  };

  const body = (sameAs?: string) => {
    const v = form.getFieldsValue();
    const hasPoint = typeof v.lon === 'number' && typeof v.lat === 'number';
    return {
      category: v.category, regionCode: v.town ?? chosenCounty, description: v.description ?? '', address: v.address || undefined,
      location: hasPoint ? { lon: v.lon, lat: v.lat } : undefined, photos: photos.map((p) => p.name),
      contactName: v.contactName || undefined, contactPhone: v.contactPhone || undefined, sameAs,
    };
  };

  const send = async (sameAs?: string) => {
    setSending(true); setError(null);
    try {
      const made = await post<{ complaintNo: string; followCode: string }>('/api/complaints/reports', body(sameAs));
      setDone({ ...made, sameAs }); setNearby(null);
    } catch (e) {
      setError(e instanceof ApiError ? M(e.text) : String(e));
    } finally { setSending(false); }
  };

  /** Before sending: open reports of the same kind within 50 m, offered as “same as this one”. */
  const check = async () => {
    await form.validateFields();
    const v = form.getFieldsValue();
    if (typeof v.lon === 'number' && typeof v.lat === 'number') {
      const found = await get<{ items: Nearby[] }>(`/api/complaints/nearby${qs({ category: v.category, lon: v.lon, lat: v.lat })}`);
      if (found.items.length) { setNearby(found.items); return; }
    }
    await send();
  };

  if (done) {
    return <Result status="success" title={done.sameAs ? L('已关联到附近的同一问题', 'Linked to the same problem nearby') : L('举报已提交', 'Report sent')}
      subTitle={<Space direction="vertical">
        <span>{L('投诉编号', 'Number')}：<Typography.Text strong copyable data-testid="report-number">{done.complaintNo}</Typography.Text></span>
        <span>{L('查询码（请保存，凭编号和查询码查询进度）', 'Follow code (keep it: with the number it shows the progress)')}：<Typography.Text strong copyable data-testid="report-code">{done.followCode}</Typography.Text></span>
      </Space>}
      extra={[<Button key="f" type="primary" onClick={() => onFollow(done.complaintNo, done.followCode)} data-testid="report-follow">{L('查看进度', 'Follow it')}</Button>,
        <Button key="n" onClick={() => { setDone(null); setPhotos([]); form.resetFields(); }}>{L('再报一件', 'Report another')}</Button>]} />;
  }

  return (
    <Form form={form} layout="vertical" requiredMark={false} initialValues={{ category: 'illegal_dumping' }}>
      <Form.Item name="category" label={L('问题类别', 'What is it')} rules={[{ required: true }]}>
        <Select data-testid="report-category" options={COMPLAINT_CATEGORIES.map((c) => ({ value: c.value, label: categoryWord(L, c.value) }))} />
      </Form.Item>
      <Space.Compact block>
        <Select style={{ width: '45%' }} value={chosenCounty} onChange={(v) => { setCounty(v); form.setFieldValue('town', undefined); }} data-testid="report-county"
          options={(counties.data?.items ?? []).map((c) => ({ value: c.code, label: c.name }))} placeholder={L('县（市、区）', 'County')} />
        <Form.Item name="town" noStyle>
          <Select style={{ width: '55%' }} allowClear showSearch optionFilterProp="label" data-testid="report-town" placeholder={L('乡镇（街道）', 'Town')} options={(towns.data?.items ?? []).map((t) => ({ value: t.code, label: t.name }))} />
        </Form.Item>
      </Space.Compact>
      <Form.Item label={L('问题地点（定位或填写经纬度，另可填写地址）', 'Where (locate or type the figures; the address helps)')} style={{ marginTop: 12, marginBottom: 4 }} required>
        <Space wrap>
          <Button icon={<AimOutlined />} onClick={locate} data-testid="report-locate">{L('使用当前位置', 'Use my position')}</Button>
          <Form.Item name="lon" noStyle><InputNumber placeholder={L('经度', 'Longitude')} min={-180} max={180} step={0.0001} style={{ width: 130 }} data-testid="report-lon" /></Form.Item>
          <Form.Item name="lat" noStyle><InputNumber placeholder={L('纬度', 'Latitude')} min={-90} max={90} step={0.0001} style={{ width: 130 }} data-testid="report-lat" /></Form.Item>
        </Space>
      </Form.Item>
      <Form.Item name="address"><Input maxLength={200} placeholder={L('地址或地标，如：运河西岸步道', 'Address or landmark')} data-testid="report-address" /></Form.Item>
      <Form.Item name="description" label={L('问题描述', 'What did you see')} rules={[{ required: true, min: 5, message: L('请描述问题（至少5个字）', 'Describe it (5 characters at least)') }]}>
        <Input.TextArea rows={3} maxLength={2000} showCount data-testid="report-description" />
      </Form.Item>
      <Form.Item label={L('照片（JPEG/PNG/WebP，每张不超过5 MB，最多6张；位置信息会被去除）', 'Photos (JPEG/PNG/WebP, 5 MB each, 6 at most; location data is removed)')}>
        <Upload listType="picture-card" accept="image/jpeg,image/png,image/webp" showUploadList={false} data-testid="report-photo"
          customRequest={async ({ file, onSuccess, onError }) => {
            const data = new FormData(); data.append('photo', file as Blob);
            try {
              const stored = await api<{ name: string }>('POST', '/api/complaints/photos', data);
              setPhotos((p) => [...p, { name: stored.name, url: `/api/complaints/photos/${stored.name}` }]); onSuccess?.(stored);
            } catch (e) { message.error(e instanceof ApiError ? M(e.text) : String(e)); onError?.(e as Error); }
          }}>
          {photos.length < 6 && <div><PlusOutlined /><div style={{ fontSize: 12 }}>{L('添加照片', 'Add a photo')}</div></div>}
        </Upload>
        <Space wrap>{photos.map((p) => <img key={p.name} src={p.url} alt="" style={{ width: 72, height: 72, objectFit: 'cover', borderRadius: 4 }} data-testid="report-photo-thumb" />)}</Space>
      </Form.Item>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{L('联系方式（选填，仅办理部门可见，不会公开）', 'Contact (optional: only the department handling it sees it, never published)')}</Typography.Text>
      <Space.Compact block style={{ margin: '4px 0 12px' }}>
        <Form.Item name="contactName" noStyle><Input placeholder={L('称呼', 'Name')} maxLength={40} style={{ width: '40%' }} /></Form.Item>
        <Form.Item name="contactPhone" noStyle><Input placeholder={L('手机号', 'Phone')} maxLength={20} style={{ width: '60%' }} data-testid="report-phone" /></Form.Item>
      </Space.Compact>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="report-error" />}
      {nearby ? (
        <Card size="small" title={L('附近50米内已有同类问题正在办理，是同一件事吗？', 'Open reports of this kind within 50 m: is yours the same?')} data-testid="report-nearby">
          <List dataSource={nearby} renderItem={(n) => (
            <List.Item actions={[<Button key="s" size="small" type="primary" onClick={() => send(n.complaintNo)} loading={sending} data-testid="report-same">{L('是同一件', 'Same one')}</Button>]}>
              <List.Item.Meta title={<Space wrap><span>{n.complaintNo}</span><Tag color={STATUS_COLOUR[n.status]}>{statusWord(L, n.status)}</Tag><span>{L(`${n.distanceM} 米`, `${n.distanceM} m`)}</span></Space>}
                description={<Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0 }}>{n.description}</Typography.Paragraph>} />
            </List.Item>)} />
          <Button block onClick={() => send()} loading={sending} data-testid="report-not-same">{L('不是，作为新问题提交', 'No: send it as a new report')}</Button>
        </Card>
      ) : <Button type="primary" block size="large" onClick={() => check().catch(() => undefined)} loading={sending} data-testid="report-submit">{L('提交举报', 'Send the report')}</Button>}
    </Form>
  );
}

function FollowPanel({ initial, resident }: { initial: { no: string; code?: string } | null; resident: boolean }) {
  const { L, M } = useI18n();
  const [query, setQuery] = useState<{ no: string; code?: string } | null>(initial);
  const [no, setNo] = useState(initial?.no ?? '');
  const [code, setCode] = useState(initial?.code ?? '');
  const mine = useQuery({ queryKey: ['complaints-mine'], enabled: resident, queryFn: () => get<Page<Complaint>>('/api/complaints/mine?pageSize=50') });
  const found = useQuery({ queryKey: ['complaint-follow', query], enabled: !!query, queryFn: () => get<Followed>(`/api/complaints/follow${qs({ no: query!.no, code: query!.code })}`) });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space.Compact block>
        <Input placeholder={L('投诉编号 TS…', 'Number TS…')} value={no} onChange={(e) => setNo(e.target.value)} data-testid="follow-no" />
        <Input placeholder={L('查询码', 'Follow code')} value={code} onChange={(e) => setCode(e.target.value)} data-testid="follow-code" />
        <Button type="primary" onClick={() => { const next = { no: no.trim(), code: code.trim() || undefined }; if (query && next.no === query.no && next.code === query.code) found.refetch(); else setQuery(next); }} data-testid="follow-go">{L('查询', 'Show')}</Button>
      </Space.Compact>
      {resident && (mine.data?.items.length ?? 0) > 0 && (
        <Card size="small" title={L('我的投诉', 'My reports')}>
          <List size="small" dataSource={mine.data!.items} renderItem={(c) => (
            <List.Item onClick={() => { setNo(c.complaintNo); setCode(''); setQuery({ no: c.complaintNo }); }} style={{ cursor: 'pointer' }}>
              <Space wrap><span>{c.complaintNo}</span><span>{categoryWord(L, c.category)}</span><Tag color={STATUS_COLOUR[c.status]}>{statusWord(L, c.status)}</Tag></Space>
            </List.Item>)} />
        </Card>
      )}
      {found.error && <Alert type="error" showIcon message={found.error instanceof ApiError ? M(found.error.text) : String(found.error)} />}
      {found.data && <FollowedReport report={found.data} code={query?.code} onChanged={() => found.refetch()} />}
    </Space>
  );
}

function FollowedReport({ report, code, onChanged }: { report: Followed; code?: string; onChanged: () => void }) {
  const { L, M } = useI18n();
  const [stars, setStars] = useState(5);
  const [comment, setComment] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const act = async (url: string, body: Record<string, unknown>) => {
    setError(null);
    try { await post(url, { no: report.complaintNo, code, ...body }); onChanged(); } catch (e) { setError(e instanceof ApiError ? M(e.text) : String(e)); }
  };
  const shown = report.original ?? report;
  return (
    <Card size="small" data-testid="follow-report" title={<Space wrap><span>{report.complaintNo}</span><Tag color={STATUS_COLOUR[report.status]} data-testid="follow-status">{statusWord(L, report.status)}</Tag></Space>}>
      <Typography.Paragraph><Typography.Text type="secondary">{categoryWord(L, report.category)} · {report.regionName} {report.address}</Typography.Text></Typography.Paragraph>
      <Typography.Paragraph data-testid="follow-description">{report.description}</Typography.Paragraph>
      {report.original && <Alert type="info" showIcon style={{ marginBottom: 8 }} message={L(`与 ${report.original.complaintNo} 为同一问题，以下为该件的办理进度`, `The same as ${report.original.complaintNo}: its progress follows`)} />}
      <Space wrap style={{ marginBottom: 8 }}>{report.photos.map((p) => <img key={p} src={`/api/complaints/photos/${p}`} alt="" style={{ width: 80, height: 80, objectFit: 'cover', borderRadius: 4 }} />)}</Space>
      <Timeline items={shown.steps.map((s) => ({ children: <span>{shanghai(s.at)} {actionWord(L, s.action)}{s.note ? `：${s.note}` : ''}</span> }))} />
      {shown.answer && <Alert type="success" message={L('答复', 'Answer')} description={<span data-testid="follow-answer">{shown.answer}</span>} style={{ marginBottom: 8 }} />}
      {report.stars && <Typography.Paragraph><Rate disabled value={report.stars} /> {report.ratingComment}</Typography.Paragraph>}
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} />}
      {report.canRate && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text strong>{L('对办理结果评价', 'Rate the answer')}</Typography.Text>
          <Rate value={stars} onChange={setStars} data-testid="follow-stars" />
          <Input.TextArea rows={2} maxLength={500} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={L('评价内容（选填）', 'Comment (optional)')} data-testid="follow-comment" />
          <Button type="primary" onClick={() => act('/api/complaints/follow/rate', { stars, comment: comment || undefined })} data-testid="follow-rate">{L('提交评价', 'Send the rating')}</Button>
        </Space>
      )}
      {report.canReopen && (
        <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
          <Typography.Text type="secondary">{L(`不满意可在 ${shanghai(report.reopenUntil, false)} 前重新提起`, `Not satisfied? Reopen it before ${shanghai(report.reopenUntil, false)}`)}</Typography.Text>
          <Input.TextArea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={L('不满意的原因', 'Why not satisfied')} data-testid="follow-reason" />
          <Button danger onClick={() => act('/api/complaints/follow/reopen', { reason })} data-testid="follow-reopen">{L('重新提起', 'Reopen')}</Button>
        </Space>
      )}
    </Card>
  );
}
