import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { App, Button, Form, Input, Modal, Select, Tag } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { ServerTable } from '../components/ServerTable';
import { RegionPicker } from '../components/RegionPicker';
import { ApiError, post } from '../api';
import { shanghai, useI18n, useLabel } from '../i18n';
import { useSession } from '../session';

export interface OrganisationRow { id: string; name: string; kind: string; creditCode: string; regionCode: string; regionName: string; capabilities: string[]; status: string; contactName: string; contactPhone: string; createdAt: string }

export const statusColour: Record<string, string> = { pending: 'orange', verified: 'green', rejected: 'red' };

export default function OrganisationsPage() {
  const { L, lang } = useI18n();
  const label = useLabel();
  const { enums, can } = useSession();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const opts = (list?: { value: string; zh: string; en: string }[]) => (list ?? []).map((e) => ({ value: e.value, label: lang === 'zh' ? e.zh : e.en }));
  return (
    <>
      <ServerTable<OrganisationRow>
        queryKey="organisations" url="/api/organisations" exportUrl="/api/organisations/export.xlsx" rowKey="creditCode" title={L('单位管理', 'Organisations')}
        onRow={(o) => navigate(`/organisations/${o.id}`)}
        extra={can('organisations.create') && <Button type="primary" onClick={() => setCreating(true)}>{L('新增单位', 'New organisation')}</Button>}
        filters={<>
          <Form.Item name="q"><Input placeholder={L('名称或信用代码', 'Name or credit code')} allowClear data-testid="org-search" /></Form.Item>
          <Form.Item name="status"><Select placeholder={L('状态', 'Status')} allowClear style={{ width: 120 }} options={opts(enums?.orgStatuses)} data-testid="org-status-filter" /></Form.Item>
          <Form.Item name="kind"><Select placeholder={L('类型', 'Kind')} allowClear style={{ width: 130 }} options={opts(enums?.orgKinds)} /></Form.Item>
          <Form.Item name="capability"><Select placeholder={L('类别', 'Capability')} allowClear style={{ width: 170 }} options={opts(enums?.capabilities)} /></Form.Item>
        </>}
        columns={[
          { title: L('单位名称', 'Name'), dataIndex: 'name' },
          { title: L('统一社会信用代码', 'Credit code'), dataIndex: 'creditCode' },
          { title: L('区划', 'Region'), dataIndex: 'regionName' },
          { title: L('类别', 'Capabilities'), dataIndex: 'capabilities', render: (c: string[], o) => (o.kind === 'government' ? <Tag>{label(enums?.orgKinds, 'government')}</Tag> : c.map((x) => <Tag key={x}>{label(enums?.capabilities, x)}</Tag>)) },
          { title: L('状态', 'Status'), dataIndex: 'status', render: (s: string) => <Tag color={statusColour[s]}>{label(enums?.orgStatuses, s)}</Tag> },
          { title: L('登记时间', 'Registered'), dataIndex: 'createdAt', render: (d: string) => shanghai(d) },
        ]}
      />
      <CreateOrganisation open={creating} onClose={() => setCreating(false)} />
    </>
  );
}

function CreateOrganisation({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { L, M, lang } = useI18n();
  const { enums } = useSession();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const opts = (list?: { value: string; zh: string; en: string }[]) => (list ?? []).map((e) => ({ value: e.value, label: lang === 'zh' ? e.zh : e.en }));
  return (
    <Modal open={open} title={L('新增单位（直接生效）', 'New organisation (verified at once)')} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden width={640}>
      <Form form={form} layout="vertical" initialValues={{ kind: 'enterprise', capabilities: [] }} onFinish={async (v) => {
        try {
          await post('/api/organisations', { ...v, domain: v.kind === 'government' ? v.domain ?? 'general' : undefined });
          message.success(L('已新增', 'Added'));
          client.invalidateQueries({ queryKey: ['organisations'] });
          onClose();
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          message.error(M(e.text));
          form.setFields(e.issues.map((i) => ({ name: i.path, errors: [M(i.message)] })));
        }
      }}>
        <Form.Item name="kind" label={L('类型', 'Kind')}><Select options={opts(enums?.orgKinds)} /></Form.Item>
        <Form.Item name="name" label={L('名称', 'Name')} rules={[{ required: true }]}><Input /></Form.Item>
        <Form.Item name="creditCode" label={L('统一社会信用代码', 'Credit code')} rules={[{ required: true, len: 18 }]}><Input maxLength={18} /></Form.Item>
        <Form.Item name="regionCode" label={L('区划', 'Region')} rules={[{ required: true }]}><RegionPicker /></Form.Item>
        <Form.Item noStyle shouldUpdate>{({ getFieldValue }) => (getFieldValue('kind') === 'government'
          ? <Form.Item name="domain" label={L('监管领域', 'Domain')}><Select options={opts(enums?.domains)} /></Form.Item>
          : <Form.Item name="capabilities" label={L('类别', 'Capabilities')}><Select mode="multiple" options={opts(enums?.capabilities)} /></Form.Item>)}</Form.Item>
        <Form.Item name="address" label={L('地址', 'Address')}><Input /></Form.Item>
      </Form>
    </Modal>
  );
}
