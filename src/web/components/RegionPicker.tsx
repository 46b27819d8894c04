import { useEffect, useState } from 'react';
import { TreeSelect } from 'antd';
import { get } from '../api';
import { useI18n } from '../i18n';

interface RegionItem { code: string; name: string; level: string; parentCode: string | null; childCount: number }
interface Node { id: string; pId: string | null; value: string; title: string; isLeaf: boolean }

const toNode = (r: RegionItem): Node => ({ id: r.code, pId: r.parentCode, value: r.code, title: r.name, isLeaf: r.childCount === 0 });

/** The region tree one level at a time (a flat list the TreeSelect nests by parent); the value is a region code. */
export function RegionPicker({ value, onChange, testId }: { value?: string; onChange?: (code: string | undefined) => void; testId?: string }) {
  const { L } = useI18n();
  const [nodes, setNodes] = useState<Node[]>([]);
  useEffect(() => { get<{ items: RegionItem[] }>('/api/regions').then((r) => setNodes(r.items.map((x) => ({ ...toNode(x), pId: null })))); }, []);
  return (
    <TreeSelect
      data-testid={testId}
      treeDataSimpleMode
      treeData={nodes}
      value={value}
      onChange={(v) => onChange?.(v as string | undefined)}
      placeholder={L('选择所在县（市、区）或乡镇（街道）', 'Choose your county or town')}
      loadData={async (node) => {
        const r = await get<{ items: RegionItem[] }>(`/api/regions?parent=${node.value}`);
        setNodes((all) => [...all, ...r.items.filter((x) => !all.some((n) => n.id === x.code)).map(toNode)]);
      }}
      popupMatchSelectWidth={false}
      style={{ width: '100%' }}
      allowClear
    />
  );
}
