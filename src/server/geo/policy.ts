import { regionWithin } from '../../domain/region-code';
import type { Actor } from '../platform/policy';

// Who may draw which outlines. Outlines are geography, not records: a company or a town's station
// sees its county's towns around it; an official sees the area they oversee and below.

/** The office (无废办) of a region imports its own region's and its towns' outlines; the platform administrator any. */
export const canImportOutline = (a: Actor, regionCode: string) =>
  a.via === 'session' && (a.role === 'platform_admin' || (a.role === 'office' && regionWithin(regionCode, a.regionCode)));

export const mayImportOutlines = (a: Actor) => a.via === 'session' && (a.role === 'platform_admin' || a.role === 'office');

/** The region whose outline (and its children's) a map shows by default: one's own, widened from a town to its county. */
export const mapRootOf = (a: Actor) => (a.regionCode.length === 9 ? a.regionCode.slice(0, 6) : a.regionCode);

/** Whether a map may show a region: inside the actor's map root (the administrator: anywhere). */
export const canSeeOutline = (a: Actor, regionCode: string) => a.role === 'platform_admin' || regionWithin(regionCode, mapRootOf(a));
