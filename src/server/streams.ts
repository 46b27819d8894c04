import { STREAM_DEFINITIONS } from '../domain/streams';
import type { ManifestHooks } from './manifests/hooks';
import { hazardousHooks } from './hazardous/manifest-hooks';
import { industrialHooks } from './industrial/manifest-hooks';
import { constructionHooks } from './construction/manifest-hooks';

// The server side of the stream registry: each definition's hook file, for what data cannot say.
// A test checks that every definition in src/domain/streams has its hooks here.
const HOOKS: Record<string, ManifestHooks> = { hazardous: hazardousHooks, industrial: industrialHooks, construction: constructionHooks };

export function manifestHooks(stream: string): ManifestHooks {
  const hooks = HOOKS[stream];
  if (!hooks) throw new Error(`no manifest hooks for stream ${stream}`);
  return hooks;
}

/** Streams of the registry that have no hooks (empty when every stream is wired). */
export const streamsWithoutHooks = () => STREAM_DEFINITIONS.filter((d) => !HOOKS[d.key]).map((d) => d.key);
