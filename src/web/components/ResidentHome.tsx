import { Link } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Badge, Card, Col, Row, Space, Typography } from 'antd';
import { AlertOutlined, FileSearchOutlined, FormOutlined, GiftOutlined, GlobalOutlined, SyncOutlined } from '@ant-design/icons';
import { get, type Page } from '../api';
import { useI18n } from '../i18n';

// A resident's home: what he can do here, each one tap away, with what waits for him (points to spend,
// a pickup to confirm). Built for a phone first.

interface Tile { to: string; icon: React.ReactNode; title: string; text: string; testId: string; count?: number }

export function ResidentHome({ regionCode }: { regionCode: string }) {
  const { L } = useI18n();
  // Each figure is the resident's own and optional: a resident without a green account still gets his home.
  const green = useQuery({ queryKey: ['green-me'], queryFn: () => get<{ balance: number }>('/api/green/me'), retry: false });
  const bookings = useQuery({ queryKey: ['recycle-mine-open'], queryFn: () => get<Page<{ status: string }>>('/api/recycling/bookings?pageSize=50'), retry: false });
  const waiting = (bookings.data?.items ?? []).filter((b) => b.status === 'awaiting_confirmation').length;
  const county = regionCode.slice(0, 6);
  const tiles: Tile[] = [
    { to: '/report', icon: <AlertOutlined />, title: L('我要举报', 'Report a problem'), text: L('乱倒垃圾、焚烧冒烟、垃圾未清运……拍照定位即可', 'Dumping, burning, a missed collection … a photo and the place'), testId: 'resident-report' },
    { to: '/report?tab=mine', icon: <FileSearchOutlined />, title: L('我的举报', 'My reports'), text: L('查看办理进度、评价答复', 'Follow them and rate the answer'), testId: 'resident-reports' },
    { to: '/recycle', icon: <SyncOutlined />, title: L('预约回收', 'Book a pickup'), text: waiting ? L(`${waiting} 单待您确认`, `${waiting} to confirm`) : L('旧家电、废纸、废金属上门回收', 'Old appliances, paper, metal collected at home'), testId: 'resident-recycle', count: waiting },
    { to: '/green/me', icon: <GiftOutlined />, title: L('绿色账户', 'Green account'), text: green.data ? L(`积分 ${green.data.balance}`, `${green.data.balance} points`) : L('分类投放积分、兑换', 'Points for sorting, and what they buy'), testId: 'resident-green' },
    { to: `/public?region=${county}`, icon: <GlobalOutlined />, title: L('公众服务', 'For the public'), text: L('指标、政策、回收网点和开放数据', 'Indicators, policies, where to recycle, open data'), testId: 'resident-portal' },
    { to: `/public/surveys?region=${county}`, icon: <FormOutlined />, title: L('问卷调查', 'Surveys'), text: L('说说您对“无废城市”建设的看法', 'Tell us what you think of the zero-waste work'), testId: 'resident-surveys' },
  ];
  return (
    <Row gutter={[12, 12]} data-testid="resident-home">
      {tiles.map((t) => (
        <Col key={t.testId} xs={12} md={8}>
          <Link to={t.to} data-testid={t.testId}>
            <Card hoverable size="small" style={{ height: '100%' }}>
              <Space direction="vertical" size={4}>
                <Badge count={t.count ?? 0} size="small"><span style={{ fontSize: 26, color: '#1f7a4d' }}>{t.icon}</span></Badge>
                <Typography.Text strong>{t.title}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t.text}</Typography.Text>
              </Space>
            </Card>
          </Link>
        </Col>
      ))}
    </Row>
  );
}
