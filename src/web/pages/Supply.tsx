import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { ApiError, get, qs, type Page } from '../api';
import { LangSwitch, shanghai, useI18n } from '../i18n';
import { useSession } from '../session';
import { listingPrice, listingQuantity } from '../../domain/exchange';

// 再生产品供求信息, published for anyone: open offers and demands of recycled products (mostly from
// construction waste). No contact person or phone here: a buyer logs in and writes through the board.

interface ProductListing {
  id: string; kind: 'offer' | 'demand'; product: string; title: string; quantity: number; unit: string; priceYuan: number | null; frequency: string; place: string;
  composition: string; validUntil: string | null; createdAt: string; organisationName: string;
}


export default function SupplyPage() {
  const { L, M, lang } = useI18n();
  const { me } = useSession();
  const [kind, setKind] = useState<'all' | 'offer' | 'demand'>('all');
  const [product, setProduct] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const kinds = useQuery({ queryKey: ['public-product-kinds'], queryFn: () => get<{ items: { product: string; listings: number }[] }>('/api/public/recycled-products/kinds') });
  const listings = useQuery({
    queryKey: ['public-products', kind, product, page, pageSize],
    queryFn: () => get<Page<ProductListing>>(`/api/public/recycled-products${qs({ kind: kind === 'all' ? undefined : kind, product, page, pageSize })}`),
  });
  const getInTouch = me ? '/exchange' : `/login?next=${encodeURIComponent('/exchange')}`;
  return (
    <div style={{ minHeight: '100vh', background: 'linear-gradient(135deg,#e8f5ee,#f7faf8)', padding: 16 }}>
      <Card style={{ maxWidth: 1280, margin: '0 auto' }}
        title={<Space direction="vertical" size={0} style={{ padding: '8px 0' }}>
          <Typography.Title level={4} style={{ margin: 0 }}>{L('再生产品供求信息', 'Recycled products: supply and demand')}</Typography.Title>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>{L('无废城市信息化监管平台 · 公开信息', 'Zero-Waste City platform · public information')}</Typography.Text>
        </Space>}
        extra={<Space wrap><LangSwitch /><Link to={getInTouch} data-testid="supply-login">{me ? L('进入交易平台联系', 'Get in touch on the board') : L('登录后联系供需方', 'Log in to get in touch')}</Link></Space>}>
        <Typography.Paragraph type="secondary">
          {L('建筑垃圾等固体废物资源化利用企业发布的再生产品（再生骨料、再生砖等）供应与需求。为保护企业信息，联系人和电话不公开：请登录平台，通过留言与发布单位联系。',
            'Offers and demands of recycled products (recycled aggregate, bricks…) posted by recycling companies. Contact people and phones are not published: log in and write to the company through the platform.')}
        </Typography.Paragraph>
        <Space wrap style={{ marginBottom: 12 }}>
          <Segmented value={kind} onChange={(v) => { setKind(v as typeof kind); setPage(1); }} data-testid="supply-kind"
            options={[{ value: 'all', label: L('全部', 'All') }, { value: 'offer', label: L('供应', 'Offers') }, { value: 'demand', label: L('需求', 'Demands') }]} />
          <Select allowClear style={{ width: 240 }} placeholder={L('再生产品种类', 'Product kind')} value={product} onChange={(v) => { setProduct(v); setPage(1); }} data-testid="supply-product"
            options={(kinds.data?.items ?? []).map((k) => ({ value: k.product, label: L(`${k.product}（${k.listings} 条）`, `${k.product} (${k.listings})`) }))} />
        </Space>
        {listings.error && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={listings.error instanceof ApiError ? M(listings.error.text) : String(listings.error)} />}
        <Table<ProductListing> rowKey="id" loading={listings.isLoading} dataSource={listings.data?.items ?? []} data-testid="supply-table" scroll={{ x: 'max-content' }}
          locale={{ emptyText: L('暂无公开的再生产品供求信息', 'No recycled-product listings at the moment') }}
          pagination={{ current: page, pageSize, total: listings.data?.total ?? 0, showSizeChanger: true, pageSizeOptions: [10, 20, 50], showTotal: (t) => L(`共 ${t} 条`, `${t} in all`),
            onChange: (p, s) => { setPage(p); setPageSize(s); } }}
          expandable={{ rowExpandable: (r) => !!r.composition, expandedRowRender: (r) => <Typography.Text>{L('规格/成分：', 'Specification: ')}{r.composition}</Typography.Text> }}
          columns={[
            { title: L('类型', 'Kind'), dataIndex: 'kind', render: (k: string) => (k === 'offer' ? <Tag color="green">{L('供应', 'Offer')}</Tag> : <Tag color="blue">{L('需求', 'Demand')}</Tag>) },
            { title: L('产品', 'Product'), dataIndex: 'product' },
            { title: L('标题', 'Title'), dataIndex: 'title' },
            { title: L('数量', 'Quantity'), dataIndex: 'quantity', render: (q: number, r) => listingQuantity(q, r.unit, r.frequency, lang) },
            { title: L('价格', 'Price'), dataIndex: 'priceYuan', render: (p: number | null, r) => listingPrice(p, r.unit, lang) },
            { title: L('地点', 'Place'), dataIndex: 'place' },
            { title: L('发布单位', 'Company'), dataIndex: 'organisationName' },
            { title: L('有效期至', 'Valid until'), dataIndex: 'validUntil', render: (d: string | null) => d ?? L('长期', 'No end') },
            { title: L('发布时间', 'Posted'), dataIndex: 'createdAt', render: (d: string) => shanghai(d, false) },
            { title: '', key: 'contact', render: () => <Link to={getInTouch}>{L('联系', 'Get in touch')}</Link> },
          ]} />
        {!me && <Space style={{ marginTop: 8 }}>
          <Typography.Text type="secondary">{L('企业尚未入驻？', 'Not on the platform yet?')}</Typography.Text>
          <Link to="/register"><Button size="small">{L('企业注册', 'Register your enterprise')}</Button></Link>
        </Space>}
      </Card>
    </div>
  );
}
