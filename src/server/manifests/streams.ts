import { HAZARDOUS_STREAM } from '../../domain/manifests/hazardous';
import { INDUSTRIAL_STREAM } from '../../domain/manifests/industrial';
import { CONSTRUCTION_STREAM } from '../../domain/manifests/construction';
import type { StreamConfig } from '../../domain/manifests/engine';

// The streams the engine runs. A new stream is one config file in src/domain/manifests.
export const STREAMS: Record<string, StreamConfig> = { hazardous: HAZARDOUS_STREAM, industrial: INDUSTRIAL_STREAM, construction: CONSTRUCTION_STREAM };
export const STREAM_KEYS = Object.keys(STREAMS) as [string, ...string[]];

/**
 * Which department regulators see which manifests: ecology-environment all hazardous waste, the
 * health commission medical waste (HW01, codes 841-…) as co-regulator; ecology-environment also
 * general industrial solid waste. The zero-waste office sees all.
 */
export function regulatedBy(domain: string | null, stream: string, wasteCode: string): boolean {
  if (domain === 'general') return true;
  if (stream === 'hazardous') return domain === 'ecology' || (domain === 'health' && wasteCode.startsWith('841-'));
  if (stream === 'industrial') return domain === 'ecology';
  // 建筑垃圾: the housing bureau approves plans; urban management (综合行政执法) enforces transport.
  if (stream === 'construction') return domain === 'housing' || domain === 'urban';
  return false;
}
