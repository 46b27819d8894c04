import type { openDatasets } from './schema';
import type { DatasetDefinition } from './datasets';
import { DATASET_LICENCES } from '../../domain/portal';

// DCAT (W3C Data Catalog Vocabulary, version 3) in JSON-LD, with each CSV's columns described in CSVW
// terms, so that a national or provincial open-data portal can harvest the catalogue as it is.

const CONTEXT = {
  dcat: 'http://www.w3.org/ns/dcat#', dct: 'http://purl.org/dc/terms/', foaf: 'http://xmlns.com/foaf/0.1/', csvw: 'http://www.w3.org/ns/csvw#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  'dct:issued': { '@type': 'xsd:dateTime' }, 'dct:modified': { '@type': 'xsd:dateTime' },
  'dcat:downloadURL': { '@type': '@id' }, 'dcat:accessURL': { '@type': '@id' }, 'dct:license': { '@type': '@id' }, 'dct:accrualPeriodicity': { '@type': '@id' },
};

const FREQUENCY = 'http://publications.europa.eu/resource/authority/frequency/';
const XSD = { string: 'string', number: 'decimal', date: 'date' } as const;

type Row = typeof openDatasets.$inferSelect;

export const datasetPath = (slug: string) => `/api/public/open-data/${slug}`;

export function dcatDataset(base: string, row: Row, def: DatasetDefinition, regionName: string) {
  const url = `${base}${datasetPath(row.slug)}`;
  const licence = DATASET_LICENCES.find((l) => l.value === row.licence);
  return {
    '@id': url, '@type': 'dcat:Dataset',
    'dct:identifier': row.slug,
    'dct:title': [{ '@language': 'zh', '@value': row.title }, { '@language': 'en', '@value': def.title.en }],
    'dct:description': [{ '@language': 'zh', '@value': row.description }, { '@language': 'en', '@value': def.description.en }],
    'dcat:keyword': row.keywords, 'dcat:theme': def.theme,
    'dct:publisher': { '@type': 'foaf:Organization', 'foaf:name': row.publisher },
    'dct:spatial': { '@type': 'dct:Location', 'dct:identifier': row.regionCode, 'foaf:name': regionName },
    'dct:issued': row.publishedAt.toISOString(), 'dct:modified': row.updatedAt.toISOString(),
    'dct:accrualPeriodicity': `${FREQUENCY}${row.frequency}`,
    'dct:license': licence?.url ?? row.licence,
    'dcat:landingPage': `${base}/public/open-data/${row.slug}`,
    'dcat:distribution': [
      { '@type': 'dcat:Distribution', 'dct:title': 'CSV (UTF-8)', 'dcat:downloadURL': `${url}/data.csv`, 'dcat:accessURL': `${url}/data.csv`, 'dcat:mediaType': 'text/csv', 'dct:license': licence?.url ?? row.licence,
        'csvw:tableSchema': { 'csvw:column': def.columns.map((c) => ({ 'csvw:name': c.key, 'csvw:titles': [c.zh, c.en], 'csvw:datatype': XSD[c.type] })) } },
      { '@type': 'dcat:Distribution', 'dct:title': 'Excel (xlsx)', 'dcat:downloadURL': `${url}/data.xlsx`, 'dcat:accessURL': `${url}/data.xlsx`, 'dcat:mediaType': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'dct:license': licence?.url ?? row.licence },
    ],
  };
}

export function dcatCatalog(base: string, entries: { row: Row; def: DatasetDefinition; regionName: string }[]) {
  return {
    '@context': CONTEXT, '@id': `${base}/api/public/open-data`, '@type': 'dcat:Catalog',
    'dct:title': [{ '@language': 'zh', '@value': '“无废城市”开放数据目录' }, { '@language': 'en', '@value': 'Zero-waste city open data catalogue' }],
    'dcat:dataset': entries.map((e) => dcatDataset(base, e.row, e.def, e.regionName)),
  };
}

export const withContext = <T extends object>(doc: T) => ({ '@context': CONTEXT, ...doc });
