import { useEffect, useState } from 'react';
import { App, Card, Col, Descriptions, Row, Tree } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { get } from '../api';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { UploadButton } from '../components/UploadButton';
import { OutlineImport } from '../components/OutlineImport';

interface RegionItem { code: string; name: string; level: string; parentCode: string | null; childCount: number }
const LEVEL: Record<string, [string, string]> = { province: ['省', 'Province'], city: ['市', 'City'], county: ['县级', 'County'], town: ['乡镇/街道', 'Town'] };

export default function RegionsPage() {
  const { L, M } = useI18n();
  const { can, may } = useSession();
  const { modal } = App.useApp();
  const [tree, setTree] = useState<DataNode[]>([]);
  const [byCode, setByCode] = useState<Record<string, RegionItem>>({});
  const [selected, setSelected] = useState<RegionItem | null>(null);
  const toNodes = (items: RegionItem[]): DataNode[] => items.map((r) => ({ key: r.code, title: `${r.name}（${r.code}）`, isLeaf: r.childCount === 0 }));
  const remember = (items: RegionItem[]) => setByCode((m) => ({ ...m, ...Object.fromEntries(items.map((r) => [r.code, r])) }));
  const loadRoots = () => get<{ items: RegionItem[] }>('/api/regions').then((r) => { setTree(toNodes(r.items)); remember(r.items); });
  useEffect(() => { loadRoots(); }, []);
  const attach = (nodes: DataNode[], key: string, children: DataNode[]): DataNode[] => nodes.map((n) => (n.key === key ? { ...n, children } : n.children ? { ...n, children: attach(n.children, key, children) } : n));
  return (
    <Row gutter={16}>
      <Col xs={24} md={14}>
        <Card title={L('行政区划', 'Regions')} extra={can('regions.import') && <UploadButton url="/api/regions/import" label={L('导入区划（CSV/Excel）', 'Import (CSV/Excel)')} onDone={(r) => {
          const res = r as { inserted: number; updated: number; problems: { message: { zh: string; en: string } }[] };
          modal.info({ title: L('导入完成', 'Imported'), content: <div>{L(`新增 ${res.inserted}，更新 ${res.updated}`, `${res.inserted} added, ${res.updated} updated`)}{res.problems.slice(0, 10).map((p, i) => <div key={i}>{M(p.message)}</div>)}</div> });
          loadRoots();
        }} />}>
          <Tree<DataNode> treeData={tree} data-testid="region-tree" loadData={async (node) => {
            const r = await get<{ items: RegionItem[] }>(`/api/regions?parent=${node.key}`);
            remember(r.items);
            setTree((t) => attach(t, String(node.key), toNodes(r.items)));
          }} onSelect={(keys) => setSelected(byCode[String(keys[0])] ?? null)} />
        </Card>
      </Col>
      <Col xs={24} md={10}>
        {selected && <Card title={selected.name}><Descriptions column={1} size="small">
          <Descriptions.Item label={L('代码', 'Code')}>{selected.code}</Descriptions.Item>
          <Descriptions.Item label={L('级别', 'Level')}>{L(...(LEVEL[selected.level] ?? [selected.level, selected.level]))}</Descriptions.Item>
          <Descriptions.Item label={L('下级数量', 'Children')}>{selected.childCount}</Descriptions.Item>
        </Descriptions></Card>}
        <div style={{ marginTop: selected ? 16 : 0 }}><OutlineImport mayImport={may('regions.importOutlines')} /></div>
      </Col>
    </Row>
  );
}
