import { useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Space, Table, type TableColumnsType } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { get, qs, type Page, ApiError } from '../api';
import { useI18n } from '../i18n';

interface Props<T> {
  queryKey: string;
  url: string;
  exportUrl?: string;
  columns: TableColumnsType<T>;
  filters?: ReactNode;
  rowKey: keyof T & string;
  onRow?: (row: T) => void;
  extra?: ReactNode;
  /** The list's name in the card's header. */
  title?: ReactNode;
  fixedFilters?: Record<string, unknown>;
}

/** A list paged, filtered and exported by the server: the browser never holds more than one page. */
export function ServerTable<T extends object>({ queryKey, url, exportUrl, columns, filters, rowKey, onRow, extra, title, fixedFilters = {} }: Props<T>) {
  const { L, M } = useI18n();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [filter, setFilter] = useState<Record<string, unknown>>({});
  const params = { ...fixedFilters, ...filter };
  const query = useQuery({ queryKey: [queryKey, params, page, pageSize], queryFn: () => get<Page<T>>(`${url}${qs({ ...params, page, pageSize })}`) });
  return (
    // A header only when it has something to show: an empty one read as a missing title.
    <Card title={title} extra={extra || exportUrl ? <Space wrap>{extra}{exportUrl && <Button icon={<DownloadOutlined />} href={`${exportUrl}${qs(params)}`}>{L('导出Excel', 'Export to Excel')}</Button>}</Space> : undefined}>
      {filters && (
        <Form layout="inline" style={{ marginBottom: 12, rowGap: 8 }} onFinish={(v) => { setPage(1); setFilter(Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== ''))); }}>
          {filters}
          <Form.Item><Button type="primary" htmlType="submit">{L('查询', 'Search')}</Button></Form.Item>
        </Form>
      )}
      {query.error && <Alert type="error" showIcon message={query.error instanceof ApiError ? M(query.error.text) : String(query.error)} style={{ marginBottom: 12 }} />}
      <Table<T>
        rowKey={rowKey}
        size="middle"
        loading={query.isLoading}
        dataSource={query.data?.items ?? []}
        columns={columns}
        scroll={{ x: 'max-content' }}
        onRow={onRow ? (row) => ({ onClick: () => onRow(row), style: { cursor: 'pointer' } }) : undefined}
        pagination={{ current: page, pageSize, total: query.data?.total ?? 0, showSizeChanger: true, showTotal: (t) => L(`共 ${t} 条`, `${t} in all`), onChange: (p, s) => { setPage(p); setPageSize(s); } }}
      />
    </Card>
  );
}
