import { HAZARDOUS_STREAM } from '../../domain/manifests/hazardous';
import type { StreamConfig } from '../../domain/manifests/engine';

// The streams the engine runs. A new stream is one config file in src/domain/manifests.
export const STREAMS: Record<string, StreamConfig> = { hazardous: HAZARDOUS_STREAM };
export const STREAM_KEYS = Object.keys(STREAMS) as [string, ...string[]];
