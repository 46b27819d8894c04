import { useEffect, useState } from 'react';
import { Cascader } from 'antd';
import { get } from '../api';
import { useI18n } from '../i18n';

interface RegionItem { code: string; name: string; level: string; childCount: number }
interface Option { value: string; label: string; isLeaf: boolean; level: string; children?: Option[] }

const toOption = (r: RegionItem): Option => ({ value: r.code, label: r.name, isLeaf: r.childCount === 0, level: r.level });

/** The region tree one level at a time; the value is the code of the last region chosen. */
export function RegionPicker({ value, onChange, testId }: { value?: string; onChange?: (code: string | undefined) => void; testId?: string }) {
  const { L } = useI18n();
  const [options, setOptions] = useState<Option[]>([]);
  const [path, setPath] = useState<string[]>([]);
  useEffect(() => { get<{ items: RegionItem[] }>('/api/regions').then((r) => setOptions(r.items.map(toOption))); }, []);
  useEffect(() => { if (!value) setPath([]); }, [value]);
  return (
    <Cascader<Option>
      data-testid={testId}
      options={options}
      value={path}
      changeOnSelect
      showSearch={false}
      placeholder={L('选择所在县（市、区）或乡镇（街道）', 'Choose your county or town')}
      loadData={async (selected) => {
        const target = selected[selected.length - 1];
        const r = await get<{ items: RegionItem[] }>(`/api/regions?parent=${target.value}`);
        target.children = r.items.map(toOption);
        setOptions((o) => [...o]);
      }}
      onChange={(p) => { const codes = (p ?? []) as string[]; setPath(codes); onChange?.(codes[codes.length - 1]); }}
      style={{ width: '100%' }}
    />
  );
}
