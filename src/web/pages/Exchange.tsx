import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, AutoComplete, Button, Card, Col, DatePicker, Descriptions, Drawer, Form, Input, InputNumber, Modal, Popconfirm, Radio, Row, Segmented, Select, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError, get, post, qs, type Page } from '../api';
import { shanghai, useI18n } from '../i18n';
import { useSession } from '../session';
import { useFormFailure as useFailure, useSwClasses } from '../hooks';
import { ServerTable } from '../components/ServerTable';
import { PRODUCT_UNIT_LABELS, amountLabel, listingPrice, listingQuantity, unitLabel } from '../../domain/exchange';

// 工业固体废物交易信息平台 (and the logged-in side of 再生产品供求信息): companies post what they have and
// what they need, open the matches nearest first, write to each other through the platform, and
// record the deals; the supervising departments see the area's listings and the deals done.

type Kind = 'offer' | 'demand';
type Category = 'waste' | 'product';
interface Listing {
  id: string; kind: Kind; category: Category; wasteClass: string; className: string; title: string; quantity: number; unit: string; priceYuan: number | null; frequency: string;
  place: string; composition: string; validUntil: string | null; status: 'open' | 'closed'; state: 'open' | 'closed' | 'expired'; organisationId: string; organisationName: string;
  createdAt: string; mine: boolean; contactShown: boolean; contactName: string | null; contactPhone: string | null; distanceKm?: number | null;
}
interface ListingDetail extends Listing { can: { close: boolean; contact: boolean; reply: boolean; recordDeal: boolean } }
interface Contact {
  id: string; listingId: string; message: string; reply: string | null; createdAt: string; repliedAt: string | null; fromOrganisationId: string; fromOrganisationName: string;
  fromContactName: string; fromContactPhone: string; sentBy: string; listingTitle: string; listingKind: Kind; listingClass: string; listingOrganisationName: string;
}
interface Deal { id: string; supplierName: string; buyerName: string; wasteClass: string; className: string; quantity: number; unit: string; agreedOn: string; manifestId: string | null; manifestNumber: string | null; note: string }
interface Totals { deals: number; tonnes: number; byClass: { wasteClass: string; className: string; unit: string; deals: number; quantity: number }[]; byMonth: { month: string; deals: number; tonnes: number }[] }
interface DealDraft { counterpartyId?: string; counterpartyName?: string; side?: 'supplier' | 'buyer'; wasteClass?: string; unit?: string; offerListingId?: string; demandListingId?: string }

const KIND: Record<Kind, [string, string, string]> = { offer: ['供应', 'Offer', 'green'], demand: ['需求', 'Demand', 'blue'] };
const CATEGORY: Record<Category, [string, string]> = { waste: ['工业固废', 'Industrial solid waste'], product: ['再生产品', 'Recycled product'] };
const STATE: Record<string, [string, string, string]> = { open: ['有效', 'Open', 'green'], closed: ['已撤下', 'Closed', 'default'], expired: ['已过期', 'Expired', 'orange'] };
// Units for products (waste is always in tonnes), with their English.
const PRODUCT_UNITS = Object.entries(PRODUCT_UNIT_LABELS);
const PRODUCT_KINDS = ['再生骨料', '再生砖', '再生砌块', '再生混凝土', '再生沥青混合料', '再生道路材料', '再生微粉'];
const FREQUENCIES: [string, string][] = [['一次性', 'Once'], ['每月', 'Monthly'], ['每季度', 'Quarterly'], ['每年', 'Yearly']];
const SW = /^sw\d{2}$/i;

/** A class as users type it: SW codes in capitals, product kinds as written. */
const normalClass = (v: string | undefined) => (v && SW.test(v.trim()) ? v.trim().toUpperCase() : v?.trim() || undefined);

/** A class filter or field: an SW class picked from the catalogue, or a product kind typed in. */
function ClassInput({ value, onChange, testId, products = true, style }: { value?: string; onChange?: (v: string) => void; testId?: string; products?: boolean; style?: React.CSSProperties }) {
  const { L } = useI18n();
  const [search, setSearch] = useState('');
  const classes = useSwClasses(search);
  const kinds = products ? PRODUCT_KINDS.filter((k) => !search || k.includes(search)).map((k) => ({ value: k, label: k })) : [];
  return <AutoComplete value={value} onChange={onChange} onSearch={setSearch} style={{ width: 220, ...style }} allowClear data-testid={testId}
    placeholder={L('类别：如 SW02 或 再生骨料', 'Class: e.g. SW02 or recycled aggregate')}
    options={[...(classes.data?.items ?? []).map((e) => ({ value: e.code, label: `${e.code} ${e.name}` })), ...kinds]} />;
}

function useListingColumns(official: boolean) {
  const { L, lang } = useI18n();
  return [
    { title: L('类型', 'Kind'), dataIndex: 'kind', render: (k: Kind) => <Tag color={KIND[k]?.[2]}>{L(KIND[k]?.[0] ?? k, KIND[k]?.[1] ?? k)}</Tag> },
    { title: L('类别', 'Class'), dataIndex: 'wasteClass', render: (c: string, r: Listing) => (r.category === 'waste' ? `${c} ${r.className}` : <span><Tag>{L('再生产品', 'Product')}</Tag>{c}</span>) },
    { title: L('标题', 'Title'), dataIndex: 'title' },
    { title: L('数量', 'Quantity'), dataIndex: 'quantity', render: (q: number, r: Listing) => listingQuantity(q, r.unit, r.frequency, lang) },
    { title: L('价格', 'Price'), dataIndex: 'priceYuan', render: (p: number | null, r: Listing) => listingPrice(p, r.unit, lang) },
    { title: L('地点', 'Place'), dataIndex: 'place' },
    { title: L('发布单位', 'Company'), dataIndex: 'organisationName' },
    { title: L('有效期至', 'Valid until'), dataIndex: 'validUntil', render: (d: string | null) => d ?? L('长期', 'No end') },
    ...(official ? [{ title: L('状态', 'State'), dataIndex: 'state', render: (s: string) => <Tag color={STATE[s]?.[2]}>{L(STATE[s]?.[0] ?? s, STATE[s]?.[1] ?? s)}</Tag> }] : []),
    { title: L('发布时间', 'Posted'), dataIndex: 'createdAt', render: (d: string) => shanghai(d) },
  ];
}

const kindOptions = (L: (zh: string, en: string) => string) => (Object.keys(KIND) as Kind[]).map((k) => ({ value: k, label: L(KIND[k][0], KIND[k][1]) }));
const categoryOptions = (L: (zh: string, en: string) => string) => (Object.keys(CATEGORY) as Category[]).map((c) => ({ value: c, label: L(CATEGORY[c][0], CATEGORY[c][1]) }));
const stateOptions = (L: (zh: string, en: string) => string) => Object.entries(STATE).map(([value, [zh, en]]) => ({ value, label: L(zh, en) }));

export default function ExchangePage() {
  const { L } = useI18n();
  const { me } = useSession();
  const trader = me?.organisation?.kind === 'enterprise';
  const [open, setOpen] = useState<{ id: string; via?: string } | null>(null);
  const [posting, setPosting] = useState<Kind | null>(null);
  const [deal, setDeal] = useState<DealDraft | null>(null);
  const [tab, setTab] = useState('board');
  const columns = useListingColumns(!trader);
  const mineColumns = useListingColumns(true);
  const filters = (withState: boolean) => <>
    <Form.Item name="kind"><Select allowClear style={{ width: 110 }} placeholder={L('供应/需求', 'Kind')} options={kindOptions(L)} data-testid="exchange-filter-kind" /></Form.Item>
    <Form.Item name="category"><Select allowClear style={{ width: 150 }} placeholder={L('门类', 'Category')} options={categoryOptions(L)} /></Form.Item>
    <Form.Item name="wasteClass" normalize={normalClass}><ClassInput testId="exchange-filter-class" /></Form.Item>
    {withState && <Form.Item name="state"><Select allowClear style={{ width: 110 }} placeholder={L('状态', 'State')} options={stateOptions(L)} /></Form.Item>}
  </>;
  const openRow = (r: Listing) => setOpen({ id: r.id });
  const tabs = trader ? [
    { key: 'board', label: L('供需大厅', 'Board'), children: <div data-testid="exchange-board">
      <ServerTable<Listing> queryKey="exchange-listings" url="/api/exchange/listings" rowKey="id" columns={columns} filters={filters(false)} onRow={openRow}
        extra={<Space><Button type="primary" onClick={() => setPosting('offer')} data-testid="exchange-post-offer">{L('发布供应', 'Post an offer')}</Button>
          <Button onClick={() => setPosting('demand')} data-testid="exchange-post-demand">{L('发布需求', 'Post a demand')}</Button></Space>} />
    </div> },
    { key: 'mine', label: L('我的发布', 'My listings'), children: <div data-testid="exchange-mine">
      <ServerTable<Listing> queryKey="exchange-listings-mine" url="/api/exchange/listings" fixedFilters={{ mine: true }} rowKey="id" columns={mineColumns} filters={filters(true)} onRow={openRow} />
    </div> },
    { key: 'inbox', label: <InboxLabel />, children: <Inbox onOpen={(id) => setOpen({ id })} /> },
    { key: 'deals', label: L('成交记录', 'Deals'), children: <Deals onNew={() => setDeal({})} /> },
  ] : [
    { key: 'board', label: L('辖区供需信息', 'Listings in the area'), children: <div data-testid="exchange-board">
      <ServerTable<Listing> queryKey="exchange-listings" url="/api/exchange/listings" rowKey="id" columns={columns} filters={filters(true)} onRow={openRow} />
    </div> },
    { key: 'deals', label: L('成交统计', 'Deals'), children: <Deals /> },
  ];
  return (
    <Card title={L('工业固体废物交易信息平台', 'Industrial solid waste exchange')} extra={<a href="/supply" target="_blank" rel="noreferrer">{L('再生产品供求信息（公开）', 'Recycled products (public page)')}</a>}>
      <Typography.Paragraph type="secondary">
        {trader ? L('发布本单位可供应的固体废物、再生产品或需求，平台按类别与距离匹配；通过平台留言后可见对方联系方式。',
          'Post what your company has or needs; the board matches by class and distance. Contact details show once you have written through the platform.')
          : L('辖区内企业发布的供需信息和已记录的成交，按类别和月份统计（吨）。', 'Listings posted by companies in your area and the deals recorded, totalled by class and month (tonnes).')}
      </Typography.Paragraph>
      <Tabs activeKey={tab} onChange={setTab} items={tabs} />
      {posting && <PostListing kind={posting} onClose={() => setPosting(null)} onDone={(id) => { setPosting(null); setOpen({ id }); }} />}
      {open && <ListingDrawer id={open.id} via={open.via} onOpen={(id, via) => setOpen({ id, via })} onDeal={setDeal} onClose={() => setOpen(null)} />}
      {deal && <RecordDeal draft={deal} onClose={() => setDeal(null)} onDone={() => { setDeal(null); setOpen(null); setTab('deals'); }} />}
    </Card>
  );
}

function InboxLabel() {
  const { L } = useI18n();
  const inbox = useQuery({ queryKey: ['exchange-inbox', 'count'], queryFn: () => get<Page<Contact> & { unanswered: number }>('/api/exchange/contacts?box=received&pageSize=1') });
  const n = inbox.data?.unanswered ?? 0;
  return <span data-testid="exchange-tab-inbox">{L('留言', 'Messages')}{n > 0 && <Tag color="red" style={{ marginLeft: 6 }}>{n}</Tag>}</span>;
}

/** Messages received on the company's listings (to answer) and sent about others'. */
function Inbox({ onOpen }: { onOpen: (listingId: string) => void }) {
  const { L } = useI18n();
  const [box, setBox] = useState<'received' | 'sent'>('received');
  const [replying, setReplying] = useState<Contact | null>(null);
  const listing = { title: L('关于', 'About'), dataIndex: 'listingTitle', render: (t: string, c: Contact) => <a onClick={() => onOpen(c.listingId)}>{L(KIND[c.listingKind][0], KIND[c.listingKind][1])}：{t}</a> };
  const when = { title: L('时间', 'When'), dataIndex: 'createdAt', render: (d: string) => shanghai(d) };
  const columns = box === 'received' ? [
    when, listing,
    { title: L('来信单位', 'From'), dataIndex: 'fromOrganisationName' },
    { title: L('联系人', 'Contact'), render: (_: unknown, c: Contact) => `${c.fromContactName ?? ''} ${c.fromContactPhone ?? ''}` },
    { title: L('留言', 'Message'), dataIndex: 'message' },
    { title: L('回复', 'Reply'), dataIndex: 'reply', render: (r: string | null, c: Contact) => r ?? <Button size="small" type="primary" onClick={() => setReplying(c)} data-testid="exchange-reply-open">{L('回复', 'Reply')}</Button> },
  ] : [
    when, listing,
    { title: L('对方单位', 'To'), dataIndex: 'listingOrganisationName' },
    { title: L('留言', 'Message'), dataIndex: 'message' },
    { title: L('回复', 'Reply'), dataIndex: 'reply', render: (r: string | null) => r ?? <Typography.Text type="secondary">{L('待回复', 'Not answered yet')}</Typography.Text> },
  ];
  return <div data-testid="exchange-inbox">
    <Segmented value={box} onChange={(v) => setBox(v as 'received' | 'sent')} options={[{ value: 'received', label: L('收到的', 'Received') }, { value: 'sent', label: L('发出的', 'Sent') }]} style={{ marginBottom: 8 }} />
    <ServerTable<Contact> key={box} queryKey="exchange-inbox" url="/api/exchange/contacts" fixedFilters={{ box }} rowKey="id" columns={columns} />
    {replying && <ReplyModal contact={replying} onClose={() => setReplying(null)} />}
  </div>;
}

function ReplyModal({ contact, onClose }: { contact: Contact; onClose: () => void }) {
  const { L } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const fail = useFailure(form);
  return (
    <Modal open title={L(`回复 ${contact.fromOrganisationName}`, `Reply to ${contact.fromOrganisationName}`)} onCancel={onClose} footer={null} destroyOnHidden>
      <Typography.Paragraph type="secondary">{contact.message}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={async (v) => {
        try {
          await post(`/api/exchange/contacts/${contact.id}/reply`, { reply: v.reply });
          message.success(L('已回复', 'Replied'));
          client.invalidateQueries({ queryKey: ['exchange-inbox'] });
          client.invalidateQueries({ queryKey: ['exchange-contacts'] });
          onClose();
        } catch (e) { fail(e); }
      }}>
        <Form.Item name="reply" label={L('回复内容', 'Reply')} rules={[{ required: true, message: L('请填写回复', 'Write a reply') }]}><Input.TextArea rows={3} maxLength={1000} data-testid="exchange-reply-text" /></Form.Item>
        <Button type="primary" htmlType="submit" data-testid="exchange-reply-submit">{L('发送回复', 'Send the reply')}</Button>
      </Form>
    </Modal>
  );
}

/** A listing: what is offered or wanted, the contact once in touch, the messages, and its matches nearest first. */
function ListingDrawer({ id, via, onOpen, onDeal, onClose }: { id: string; via?: string; onOpen: (id: string, via?: string) => void; onDeal: (d: DealDraft) => void; onClose: () => void }) {
  const { L, M, lang } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const fail = useFailure();
  const detail = useQuery({ queryKey: ['exchange-listing', id], queryFn: () => get<ListingDetail>(`/api/exchange/listings/${id}`) });
  const l = detail.data;
  const reload = () => { for (const k of ['exchange-listing', 'exchange-listings', 'exchange-listings-mine', 'exchange-contacts', 'exchange-matches', 'exchange-inbox']) client.invalidateQueries({ queryKey: [k] }); };
  const draft = (): DealDraft => (!l ? {} : l.mine
    ? { side: l.kind === 'offer' ? 'supplier' : 'buyer', wasteClass: l.wasteClass, unit: l.unit, [l.kind === 'offer' ? 'offerListingId' : 'demandListingId']: l.id }
    : { counterpartyId: l.organisationId, counterpartyName: l.organisationName, side: l.kind === 'offer' ? 'buyer' : 'supplier', wasteClass: l.wasteClass, unit: l.unit,
      [l.kind === 'offer' ? 'offerListingId' : 'demandListingId']: l.id, ...(via ? { [l.kind === 'offer' ? 'demandListingId' : 'offerListingId']: via } : {}) });
  return (
    <Drawer open width={Math.min(920, window.innerWidth)} onClose={onClose} destroyOnHidden
      title={l ? <Space><Tag color={KIND[l.kind][2]}>{L(KIND[l.kind][0], KIND[l.kind][1])}</Tag>{l.title}</Space> : L('供需信息', 'Listing')}
      extra={l && <Space>
        {via && <Button onClick={() => onOpen(via)}>{L('返回我的信息', 'Back to my listing')}</Button>}
        {l.can.recordDeal && <Button onClick={() => onDeal(draft())} data-testid="exchange-deal-from-listing">{L('记录成交', 'Record a deal')}</Button>}
        {l.can.close && <Popconfirm title={L('撤下后他人不再能看到和联系。确定撤下？', 'Others will no longer see or answer it. Close it?')} onConfirm={async () => {
          try { await post(`/api/exchange/listings/${id}/close`); message.success(L('已撤下', 'Closed')); reload(); } catch (e) { fail(e); }
        }}><Button danger data-testid="exchange-close">{L('撤下', 'Close')}</Button></Popconfirm>}
      </Space>}>
      {detail.error && <Alert type="error" showIcon message={detail.error instanceof ApiError ? M(detail.error.text) : String(detail.error)} />}
      {l && <Space direction="vertical" style={{ width: '100%' }}>
        <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} items={[
          { label: L('发布单位', 'Company'), children: l.organisationName },
          { label: L('类别', 'Class'), children: l.category === 'waste' ? `${l.wasteClass} ${l.className}` : `${L('再生产品', 'Recycled product')}：${l.wasteClass}` },
          { label: L('数量', 'Quantity'), children: <span data-testid="exchange-detail-quantity">{listingQuantity(l.quantity, l.unit, l.frequency, lang)}</span> },
          { label: L('价格', 'Price'), children: listingPrice(l.priceYuan, l.unit, lang) },
          { label: L('地点', 'Place'), children: l.place },
          { label: L('有效期至', 'Valid until'), children: l.validUntil ?? L('长期', 'No end') },
          { label: L('状态', 'State'), children: <Tag color={STATE[l.state]?.[2]} data-testid="exchange-detail-state">{L(STATE[l.state]?.[0] ?? l.state, STATE[l.state]?.[1] ?? l.state)}</Tag> },
          { label: L('发布时间', 'Posted'), children: shanghai(l.createdAt) },
          { label: L('成分/规格', 'Composition'), span: 2, children: l.composition || '—' },
          { label: L('联系方式', 'Contact'), span: 2, children: l.contactShown
            ? <span data-testid="exchange-contact">{l.contactName} <Typography.Text strong data-testid="exchange-contact-phone">{l.contactPhone}</Typography.Text></span>
            : <Typography.Text type="secondary" data-testid="exchange-contact-hidden">{L('通过平台留言后显示对方联系人和电话', 'The contact person and phone show once you have written through the platform')}</Typography.Text> },
        ]} />
        {l.can.contact && <ContactForm listing={l} via={via} onSent={reload} />}
        <ListingMessages listing={l} />
        <Matches listing={l} onOpen={(m) => onOpen(m, l.mine ? l.id : via)} />
      </Space>}
    </Drawer>
  );
}

/** 联系: write to the company about its listing, pointing at one of ours of the other kind if there is one. */
function ContactForm({ listing, via, onSent }: { listing: ListingDetail; via?: string; onSent: () => void }) {
  const { L } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const fail = useFailure(form);
  const other: Kind = listing.kind === 'offer' ? 'demand' : 'offer';
  const mine = useQuery({ queryKey: ['exchange-listings-mine', 'for', listing.wasteClass, other], queryFn: () => get<Page<Listing>>(`/api/exchange/listings${qs({ mine: true, state: 'open', kind: other, wasteClass: listing.wasteClass, pageSize: 20 })}`) });
  return (
    <Card size="small" title={L('联系对方', 'Write to them')}>
      <Form form={form} layout="vertical" initialValues={{ fromListingId: via }} onFinish={async (v) => {
        try {
          await post(`/api/exchange/listings/${listing.id}/contacts`, { message: v.message, fromListingId: v.fromListingId || undefined });
          message.success(L('留言已发送，可查看对方联系方式', 'Sent: their contact details are shown now'));
          form.resetFields(['message']);
          onSent();
        } catch (e) { fail(e); }
      }}>
        <Form.Item name="message" label={L('留言', 'Message')} rules={[{ required: true, min: 2, message: L('留言至少2个字', 'Write at least 2 characters') }]}>
          <Input.TextArea rows={3} maxLength={1000} data-testid="exchange-message" placeholder={L('如：我单位每月需要约 2000 吨，能否到厂洽谈？', 'E.g. we need about 2,000 t a month: could we meet at your site?')} />
        </Form.Item>
        {(mine.data?.items.length ?? 0) > 0 && <Form.Item name="fromListingId" label={L('附上本单位的信息（可选）', 'Point at your own listing (optional)')}>
          <Select allowClear style={{ maxWidth: 420 }} options={mine.data!.items.map((m) => ({ value: m.id, label: `${L(KIND[m.kind][0], KIND[m.kind][1])}：${m.title}` }))} />
        </Form.Item>}
        <Button type="primary" htmlType="submit" data-testid="exchange-send">{L('发送留言', 'Send')}</Button>
      </Form>
    </Card>
  );
}

/** The messages on a listing: all of them for its owner (to answer), one's own otherwise. */
function ListingMessages({ listing }: { listing: ListingDetail }) {
  const { L } = useI18n();
  const [page, setPage] = useState(1);
  const [replying, setReplying] = useState<Contact | null>(null);
  const contacts = useQuery({ queryKey: ['exchange-contacts', listing.id, page], queryFn: () => get<Page<Contact>>(`/api/exchange/listings/${listing.id}/contacts${qs({ page, pageSize: 10 })}`) });
  if (!contacts.data?.total) return null;
  return (
    <Card size="small" title={listing.mine ? L('收到的留言', 'Messages received') : L('我方留言', 'Your messages')}>
      <Table<Contact> rowKey="id" size="small" dataSource={contacts.data.items} data-testid="exchange-listing-messages" scroll={{ x: 'max-content' }}
        pagination={{ current: page, pageSize: 10, total: contacts.data.total, onChange: setPage, hideOnSinglePage: true }} columns={[
          { title: L('时间', 'When'), dataIndex: 'createdAt', render: (d: string) => shanghai(d) },
          { title: L('单位', 'Company'), dataIndex: 'fromOrganisationName' },
          ...(listing.mine ? [{ title: L('联系人', 'Contact'), render: (_: unknown, c: Contact) => `${c.fromContactName ?? ''} ${c.fromContactPhone ?? ''}` }] : []),
          { title: L('留言', 'Message'), dataIndex: 'message' },
          { title: L('回复', 'Reply'), dataIndex: 'reply', render: (r: string | null, c: Contact) => r ?? (listing.can.reply
            ? <Button size="small" type="primary" onClick={() => setReplying(c)} data-testid="exchange-reply-open">{L('回复', 'Reply')}</Button>
            : <Typography.Text type="secondary">{L('待回复', 'Not answered yet')}</Typography.Text>) },
        ]} />
      {replying && <ReplyModal contact={replying} onClose={() => setReplying(null)} />}
    </Card>
  );
}

/** 匹配: open listings of the other kind and the same class, nearest first. */
function Matches({ listing, onOpen }: { listing: ListingDetail; onOpen: (id: string) => void }) {
  const { L, M, lang } = useI18n();
  const [page, setPage] = useState(1);
  const matches = useQuery({ queryKey: ['exchange-matches', listing.id, page], queryFn: () => get<Page<Listing>>(`/api/exchange/listings/${listing.id}/matches${qs({ page, pageSize: 10 })}`) });
  const other = listing.kind === 'offer' ? L('需求', 'demands') : L('供应', 'offers');
  return (
    <Card size="small" title={L(`匹配的${other}（由近及远）`, `Matching ${other}, nearest first`)}>
      {matches.error && <Alert type="error" showIcon message={matches.error instanceof ApiError ? M(matches.error.text) : String(matches.error)} />}
      <Table<Listing> rowKey="id" size="small" loading={matches.isLoading} dataSource={matches.data?.items ?? []} data-testid="exchange-matches" scroll={{ x: 'max-content' }}
        locale={{ emptyText: L(`暂无同类别的${other}`, `No ${other} of this class yet`) }}
        onRow={(m) => ({ onClick: () => onOpen(m.id), style: { cursor: 'pointer' } })}
        pagination={{ current: page, pageSize: 10, total: matches.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true }} columns={[
          { title: L('距离', 'Distance'), dataIndex: 'distanceKm', render: (d: number | null) => <span data-testid="match-distance">{d === null || d === undefined ? L('位置未知', 'No location') : `${d} km`}</span> },
          { title: L('单位', 'Company'), dataIndex: 'organisationName' },
          { title: L('标题', 'Title'), dataIndex: 'title' },
          { title: L('数量', 'Quantity'), dataIndex: 'quantity', render: (q: number, r: Listing) => listingQuantity(q, r.unit, r.frequency, lang) },
          { title: L('价格', 'Price'), dataIndex: 'priceYuan', render: (p: number | null, r: Listing) => listingPrice(p, r.unit, lang) },
          { title: L('地点', 'Place'), dataIndex: 'place' },
          { title: L('有效期至', 'Valid until'), dataIndex: 'validUntil', render: (d: string | null) => d ?? L('长期', 'No end') },
        ]} />
    </Card>
  );
}

/** 发布: an offer or a demand of a solid-waste class (in tonnes) or of a recycled product (in its unit). */
function PostListing({ kind, onClose, onDone }: { kind: Kind; onClose: () => void; onDone: (id: string) => void }) {
  const { L, lang } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const fail = useFailure(form);
  const [search, setSearch] = useState('');
  const classes = useSwClasses(search);
  const category: Category = Form.useWatch('category', form) ?? 'waste';
  const productUnit: string | undefined = Form.useWatch('unit', form);
  const unit = category === 'waste' ? '吨' : productUnit ?? '吨';
  return (
    <Modal open width={Math.min(720, window.innerWidth)} title={kind === 'offer' ? L('发布供应信息', 'Post an offer') : L('发布需求信息', 'Post a demand')} onCancel={onClose} footer={null} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ category: 'waste', unit: '吨', validUntil: dayjs().add(3, 'month') }} onFinish={async (v) => {
        try {
          const created = await post<{ id: string }>('/api/exchange/listings', {
            kind, category: v.category, wasteClass: v.wasteClass, title: v.title || undefined, quantity: v.quantity, unit: v.category === 'product' ? v.unit : undefined,
            priceYuan: v.priceYuan ?? undefined, frequency: v.frequency || undefined, place: v.place || undefined, composition: v.composition || undefined,
            longitude: v.longitude ?? undefined, latitude: v.latitude ?? undefined, contactName: v.contactName || undefined, contactPhone: v.contactPhone || undefined,
            validUntil: (v.validUntil as Dayjs | undefined)?.format('YYYY-MM-DD'),
          });
          message.success(L('已发布，以下为匹配结果', 'Posted: here are its matches'));
          client.invalidateQueries({ queryKey: ['exchange-listings'] });
          client.invalidateQueries({ queryKey: ['exchange-listings-mine'] });
          onDone(created.id);
        } catch (e) { fail(e); }
      }}>
        <Form.Item name="category" label={L('门类', 'Category')}>
          <Radio.Group optionType="button" options={categoryOptions(L)} data-testid="listing-category" onChange={() => form.setFieldValue('wasteClass', undefined)} />
        </Form.Item>
        {category === 'waste'
          ? <Form.Item name="wasteClass" label={L('固体废物类别（一般工业固体废物分类）', 'Waste class (general industrial solid waste)')} rules={[{ required: true, message: L('请选择类别', 'Choose a class') }]}>
            <Select showSearch filterOption={false} onSearch={setSearch} data-testid="listing-class" placeholder={L('输入代码或名称，如 SW02 粉煤灰', 'Type a code or name, e.g. SW02 fly ash')}
              options={(classes.data?.items ?? []).map((e) => ({ value: e.code, label: `${e.code} ${e.name}` }))} />
          </Form.Item>
          : <Space wrap>
            <Form.Item name="wasteClass" label={L('再生产品种类', 'Product kind')} rules={[{ required: true, message: L('请填写种类', 'Name the kind of product') }]}>
              <AutoComplete style={{ width: 240 }} data-testid="listing-product" options={PRODUCT_KINDS.map((k) => ({ value: k }))} placeholder={L('如 再生骨料', 'e.g. 再生骨料')} />
            </Form.Item>
            <Form.Item name="unit" label={L('计量单位', 'Unit')} rules={[{ required: true }]}>
              <Select style={{ width: 130 }} data-testid="listing-unit" options={PRODUCT_UNITS.map(([zh, en]) => ({ value: zh, label: lang === 'zh' ? zh : `${zh} (${en})` }))} />
            </Form.Item>
          </Space>}
        <Form.Item name="title" label={L('标题（可选，默认为类别名称）', 'Title (optional: the class name by default)')}><Input maxLength={100} data-testid="listing-title" /></Form.Item>
        <Space wrap>
          <Form.Item name="quantity" label={kind === 'offer' ? L('可供数量', 'Quantity available') : L('需求数量', 'Quantity wanted')} rules={[{ required: true, message: L('请填写数量', 'Give the quantity') }]}>
            <InputNumber min={0.001} max={100_000_000} style={{ width: 200 }} addonAfter={unitLabel(unit, lang)} data-testid="listing-quantity" />
          </Form.Item>
          <Form.Item name="frequency" label={L('频次', 'How often')}>
            <AutoComplete style={{ width: 130 }} options={FREQUENCIES.map(([zh, en]) => ({ value: zh, label: L(zh, `${zh} ${en}`) }))} data-testid="listing-frequency" />
          </Form.Item>
          <Form.Item name="priceYuan" label={L('价格（可选，空为面议）', 'Price (optional: blank is negotiable)')}>
            <InputNumber min={0} max={100_000_000} style={{ width: 200 }} addonAfter={`${L('元', 'yuan')}/${unitLabel(unit, lang)}`} data-testid="listing-price" />
          </Form.Item>
        </Space>
        <Form.Item name="composition" label={L('成分/规格（如 SiO₂、烧失量、粒径）', 'Composition or specification')}><Input.TextArea rows={2} maxLength={1000} data-testid="listing-composition" /></Form.Item>
        <Form.Item name="place" label={L('地点（默认为本单位地址）', 'Place (your address by default)')}><Input maxLength={200} data-testid="listing-place" /></Form.Item>
        <Space wrap>
          <Form.Item name="longitude" label={L('经度（可选，默认为本单位厂址）', 'Longitude (optional)')}><InputNumber min={73} max={136} step={0.001} style={{ width: 180 }} /></Form.Item>
          <Form.Item name="latitude" label={L('纬度（可选）', 'Latitude (optional)')}><InputNumber min={3} max={54} step={0.001} style={{ width: 180 }} /></Form.Item>
          <Form.Item name="validUntil" label={L('有效期至', 'Valid until')}><DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} data-testid="listing-valid" /></Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="contactName" label={L('联系人（默认为单位联系人）', 'Contact (your company\'s by default)')}><Input maxLength={40} /></Form.Item>
          <Form.Item name="contactPhone" label={L('联系电话', 'Phone')}><Input maxLength={20} /></Form.Item>
        </Space>
        <Typography.Paragraph type="secondary">{L('联系人和电话仅对通过平台留言的单位和监管部门显示。', 'The contact person and phone are shown only to companies that write through the platform and to the regulators.')}</Typography.Paragraph>
        <Button type="primary" htmlType="submit" data-testid="listing-submit">{L('发布', 'Post')}</Button>
      </Form>
    </Modal>
  );
}

/** 成交: the counterparty is one the company has been in touch with; a hand-over manifest may be named. */
function RecordDeal({ draft, onClose, onDone }: { draft: DealDraft; onClose: () => void; onDone: () => void }) {
  const { L, lang } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const fail = useFailure(form);
  const [manifestSearch, setManifestSearch] = useState('');
  const parties = useQuery({ queryKey: ['exchange-counterparties'], queryFn: () => get<{ items: { id: string; name: string }[] }>('/api/exchange/counterparties') });
  const wasteClass = normalClass(Form.useWatch('wasteClass', form));
  const manifests = useQuery({
    queryKey: ['exchange-deal-manifests', manifestSearch, wasteClass],
    queryFn: () => get<Page<{ id: string; number: string; stream: string; wasteCode: string; producerName: string; receiverName: string; declaredWeightT: number | null; plannedDate: string }>>(
      `/api/manifests${qs({ q: manifestSearch || undefined, wasteCode: wasteClass && SW.test(wasteClass) ? wasteClass : undefined, pageSize: 20 })}`),
  });
  const partyOptions = [...(parties.data?.items ?? [])];
  if (draft.counterpartyId && !partyOptions.some((p) => p.id === draft.counterpartyId)) partyOptions.push({ id: draft.counterpartyId, name: draft.counterpartyName ?? draft.counterpartyId });
  const unit = wasteClass && !SW.test(wasteClass) ? draft.unit ?? '吨' : '吨';
  return (
    <Modal open title={L('记录成交', 'Record a deal')} onCancel={onClose} footer={null} destroyOnHidden width={Math.min(640, window.innerWidth)}>
      <Form form={form} layout="vertical" initialValues={{ counterpartyId: draft.counterpartyId, side: draft.side ?? 'supplier', wasteClass: draft.wasteClass, agreedOn: dayjs() }} onFinish={async (v) => {
        const own = me!.organisation!.id;
        const [supplierId, buyerId] = v.side === 'supplier' ? [own, v.counterpartyId] : [v.counterpartyId, own];
        const cls = normalClass(v.wasteClass);
        // The listings travel with the deal only while it still concerns their class.
        const keep = cls === normalClass(draft.wasteClass);
        try {
          await post('/api/exchange/deals', {
            supplierId, buyerId, wasteClass: cls, quantity: v.quantity, agreedOn: (v.agreedOn as Dayjs).format('YYYY-MM-DD'), manifestId: v.manifestId || undefined, note: v.note || undefined,
            offerListingId: keep ? draft.offerListingId : undefined, demandListingId: keep ? draft.demandListingId : undefined,
          });
          message.success(L('成交已记录', 'Deal recorded'));
          client.invalidateQueries({ queryKey: ['exchange-deals'] });
          client.invalidateQueries({ queryKey: ['exchange-deal-totals'] });
          onDone();
        } catch (e) { fail(e); }
      }}>
        <Form.Item name="counterpartyId" label={L('成交对方（曾通过平台联系的单位）', 'Counterparty (a company you have been in touch with)')} rules={[{ required: true, message: L('请选择对方单位', 'Choose the other company') }]}
          extra={!parties.isLoading && partyOptions.length === 0 ? L('尚未与任何单位联系：请先在供需大厅留言。', 'You have not been in touch with any company yet: write to one on the board first.') : undefined}>
          <Select showSearch optionFilterProp="label" data-testid="deal-counterparty" options={partyOptions.map((p) => ({ value: p.id, label: p.name }))} />
        </Form.Item>
        <Form.Item name="side" label={L('本单位是', 'Your company is')}>
          <Radio.Group optionType="button" data-testid="deal-side" options={[{ value: 'supplier', label: L('供方（交出）', 'The supplier') }, { value: 'buyer', label: L('需方（接收利用）', 'The buyer') }]} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="wasteClass" label={L('类别或产品', 'Class or product')} rules={[{ required: true, message: L('请填写类别', 'Give the class') }]}><ClassInput testId="deal-class" /></Form.Item>
          <Form.Item name="quantity" label={L('数量', 'Quantity')} rules={[{ required: true, message: L('请填写数量', 'Give the quantity') }]}>
            <InputNumber min={0.001} max={100_000_000} style={{ width: 180 }} addonAfter={unitLabel(unit, lang)} data-testid="deal-quantity" />
          </Form.Item>
          <Form.Item name="agreedOn" label={L('成交日期', 'Agreed on')} rules={[{ required: true }]}><DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="deal-date" /></Form.Item>
        </Space>
        <Form.Item name="manifestId" label={L('交接联单（可选，输入联单编号查找）', 'Hand-over manifest (optional: type its number)')}>
          <Select allowClear showSearch filterOption={false} onSearch={setManifestSearch} data-testid="deal-manifest"
            options={(manifests.data?.items ?? []).filter((m) => m.stream === 'industrial').map((m) => ({ value: m.id, label: `${m.number} ${m.producerName} → ${m.receiverName} ${m.wasteCode}${m.declaredWeightT ? ` ${amountLabel(m.declaredWeightT, '吨', lang)}` : ''}` }))} />
        </Form.Item>
        <Form.Item name="note" label={L('备注', 'Note')}><Input.TextArea rows={2} maxLength={500} data-testid="deal-note" /></Form.Item>
        <Button type="primary" htmlType="submit" data-testid="deal-submit">{L('记录', 'Record')}</Button>
      </Form>
    </Modal>
  );
}

/** Deals with their totals by class and by month; the filter applies to both. */
function Deals({ onNew }: { onNew?: () => void }) {
  const { L, lang } = useI18n();
  const [filter, setFilter] = useState<{ from?: string; to?: string; wasteClass?: string }>({});
  const totals = useQuery({ queryKey: ['exchange-deal-totals', filter], queryFn: () => get<Totals>(`/api/exchange/deals/totals${qs(filter)}`) });
  const t = totals.data;
  return <Space direction="vertical" style={{ width: '100%' }} data-testid="exchange-deals">
    <Form layout="inline" style={{ rowGap: 8 }} onFinish={(v) => {
      const [from, to] = (v.period ?? []) as Dayjs[];
      setFilter({ from: from?.format('YYYY-MM-DD'), to: to?.format('YYYY-MM-DD'), wasteClass: normalClass(v.wasteClass) });
    }}>
      <Form.Item name="period"><DatePicker.RangePicker placeholder={[L('起始日期', 'From'), L('截止日期', 'To')]} /></Form.Item>
      <Form.Item name="wasteClass"><ClassInput testId="deal-filter-class" /></Form.Item>
      <Form.Item><Button type="primary" htmlType="submit">{L('查询', 'Search')}</Button></Form.Item>
      {onNew && <Form.Item><Button onClick={onNew} data-testid="exchange-deal-new">{L('记录成交', 'Record a deal')}</Button></Form.Item>}
    </Form>
    <Row gutter={12}>
      <Col xs={12} md={6}><Card size="small"><Statistic title={L('成交笔数', 'Deals')} value={t?.deals ?? 0} suffix={L('笔', '')} /></Card></Col>
      <Col xs={12} md={6}><Card size="small"><Statistic title={L('成交量（以吨计的部分）', 'Quantity (of deals in tonnes)')} value={t?.tonnes ?? 0} precision={1} suffix={lang === 'zh' ? '吨' : 't'} data-testid="deal-total-tonnes" /></Card></Col>
    </Row>
    <Row gutter={12}>
      <Col xs={24} md={14}><Card size="small" title={L('按类别', 'By class')}>
        <Table rowKey={(r) => `${r.wasteClass}-${r.unit}`} size="small" pagination={false} dataSource={t?.byClass ?? []} data-testid="deal-by-class" columns={[
          { title: L('类别', 'Class'), dataIndex: 'wasteClass', render: (c: string, r) => (r.className && r.className !== c ? `${c} ${r.className}` : c) },
          { title: L('笔数', 'Deals'), dataIndex: 'deals' },
          { title: L('数量', 'Quantity'), dataIndex: 'quantity', render: (q: number, r) => amountLabel(q, r.unit, lang) },
        ]} />
      </Card></Col>
      <Col xs={24} md={10}><Card size="small" title={L('按月份', 'By month')}>
        <Table rowKey="month" size="small" pagination={false} dataSource={t?.byMonth ?? []} data-testid="deal-by-month" columns={[
          { title: L('月份', 'Month'), dataIndex: 'month' }, { title: L('笔数', 'Deals'), dataIndex: 'deals' },
          { title: L('吨数', 'Tonnes'), dataIndex: 'tonnes', render: (q: number) => amountLabel(q, '吨', lang) },
        ]} />
      </Card></Col>
    </Row>
    <ServerTable<Deal> key={JSON.stringify(filter)} queryKey="exchange-deals" url="/api/exchange/deals" fixedFilters={filter} rowKey="id" columns={[
      { title: L('成交日期', 'Agreed on'), dataIndex: 'agreedOn' },
      { title: L('供方', 'Supplier'), dataIndex: 'supplierName' },
      { title: L('需方', 'Buyer'), dataIndex: 'buyerName' },
      { title: L('类别', 'Class'), dataIndex: 'wasteClass', render: (c: string, r) => (r.className && r.className !== c ? `${c} ${r.className}` : c) },
      { title: L('数量', 'Quantity'), dataIndex: 'quantity', render: (q: number, r) => amountLabel(q, r.unit, lang) },
      { title: L('交接联单', 'Manifest'), dataIndex: 'manifestNumber', render: (n: string | null, r) => (n && r.manifestId ? <Link to={`/manifests/${r.manifestId}`}>{n}</Link> : '—') },
      { title: L('备注', 'Note'), dataIndex: 'note' },
    ]} />
  </Space>;
}
