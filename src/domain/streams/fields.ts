import type { FieldRule, ManifestData } from '../manifests/engine';

// What every stream's rule table is written with.

/** A row of a rule table: field, its Chinese and English label, and the rest of the rule. */
export const field = (name: string, zh: string, en: string, rest: Omit<FieldRule, 'field' | 'label'>): FieldRule => ({ field: name, label: { zh, en }, ...rest });

/** The receiver refuses the load in whole or in part: a reason is then required. */
export const refusing = (d: ManifestData) => d.receptionOutcome === 'refused' || d.receptionOutcome === 'partially_refused';

/** The receiver takes at least part of the load: a treatment method is then required. */
export const accepting = (d: ManifestData) => d.receptionOutcome !== 'refused';
