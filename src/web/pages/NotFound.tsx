import { Result, Button } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../i18n';

export default function NotFoundPage() {
  const { L } = useI18n();
  return <Result status="404" title={L('页面不存在', 'Page not found')} subTitle={L('或您没有查看权限', 'or you may not see it')} extra={<Link to="/"><Button type="primary">{L('返回首页', 'Back home')}</Button></Link>} />;
}
