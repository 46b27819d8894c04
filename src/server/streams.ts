import { STREAM_DEFINITIONS } from '../domain/streams';
import type { ManifestHooks } from './manifests/hooks';
import type { Formula } from './indicators/formula';
import { hazardousHooks } from './hazardous/manifest-hooks';
import { industrialHooks } from './industrial/manifest-hooks';
import { constructionHooks } from './construction/manifest-hooks';
import { sludgeHooks, sludgeFormulas } from './sludge/manifest-hooks';
import { kitchenHooks } from './kitchen/manifest-hooks';
import { pesticideHooks } from './pesticide/manifest-hooks';
import { pesticideFormulas } from './pesticide/formulas';
import { carcassHooks, carcassFormulas } from './carcass/manifest-hooks';
import { hazardousFormulas } from './hazardous/formulas';
import { industrialFormulas } from './industrial/formulas';
import { manureHooks } from './livestock/manifest-hooks';
import { livestockFormulas } from './livestock/formulas';
import { recyclablesHooks, ewasteHooks } from './recycling/manifest-hooks';
import { recyclingFormulas } from './recycling/formulas';

// The server side of the stream registry: each definition's hook file, for what data cannot say,
// and the indicators computed from the stream's records. A test checks that every definition in
// src/domain/streams has its hooks here.
interface StreamServer { hooks: ManifestHooks; formulas?: Formula[] }

const SERVER: Record<string, StreamServer> = {
  hazardous: { hooks: hazardousHooks, formulas: hazardousFormulas },
  industrial: { hooks: industrialHooks, formulas: industrialFormulas },
  construction: { hooks: constructionHooks },
  sludge: { hooks: sludgeHooks, formulas: sludgeFormulas },
  kitchen: { hooks: kitchenHooks },
  pesticide: { hooks: pesticideHooks, formulas: pesticideFormulas },
  carcass: { hooks: carcassHooks, formulas: carcassFormulas },
  manure: { hooks: manureHooks, formulas: livestockFormulas },
  recyclables: { hooks: recyclablesHooks, formulas: recyclingFormulas },
  ewaste: { hooks: ewasteHooks },
};

export function manifestHooks(stream: string): ManifestHooks {
  const server = SERVER[stream];
  if (!server) throw new Error(`no manifest hooks for stream ${stream}`);
  return server.hooks;
}

/** Indicator formulas that the streams' hook files bring, in registry order. */
export const streamFormulas = (): Formula[] => STREAM_DEFINITIONS.flatMap((d) => SERVER[d.key]?.formulas ?? []);

/** Streams of the registry that have no hooks (empty when every stream is wired). */
export const streamsWithoutHooks = () => STREAM_DEFINITIONS.filter((d) => !SERVER[d.key]).map((d) => d.key);
