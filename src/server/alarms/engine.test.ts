import { describe, expect, it } from 'vitest';
import { PgDialect } from 'drizzle-orm/pg-core';
import { RULES } from './rules';
import { ruleCandidates } from './engine';
import { REGISTER_AREAS, STREAM_DEFINITIONS, STREAM_KEYS, streamsWatchedBy } from '../../domain/streams';

// The stream registry says which alarm rules watch each stream; the scan runs a rule over those streams only.
const rendered = (key: string) => new PgDialect().sqlToQuery(ruleCandidates(RULES.find((r) => r.key === key)!, new Date('2026-12-07T00:00:00Z')));

describe('alarm rules and the streams that list them', () => {
  it('runs every rule somewhere, and every listed rule exists', () => {
    const keys = RULES.map((r) => r.key);
    for (const key of keys) expect(streamsWatchedBy(key), `${key} is listed by no stream or register area`).not.toEqual([]);
    for (const d of [...STREAM_DEFINITIONS, ...REGISTER_AREAS]) for (const key of d.alarms) expect(keys, `${d.key} lists ${key}`).toContain(key);
  });

  it('watches every manifest stream for overdue receipts, weights, vehicles and tracks', () => {
    for (const key of ['receipt_overdue', 'weight_mismatch', 'vehicle_unregistered', 'no_track', 'long_stop']) expect(streamsWatchedBy(key).sort()).toEqual([...STREAM_KEYS].sort());
  });

  it('keeps the straight-corridor rule off the streams whose loads follow a route of their own', () => {
    const streams = streamsWatchedBy('off_corridor');
    expect(streams).not.toContain('construction');
    expect(streams).not.toContain('carcass');
    expect(streams).toContain('hazardous');
    const { params } = rendered('off_corridor');
    expect(params).not.toContain('construction');
    expect(params).not.toContain('carcass');
    expect(params).toContain('sludge');
  });

  it('runs the storage limit and the licence rules on hazardous waste, as its definition lists them', () => {
    for (const key of ['storage_overdue', 'licence_invalid', 'capacity_exceeded', 'ledger_silent']) expect(streamsWatchedBy(key)).toEqual(['hazardous']);
    expect(rendered('storage_overdue').sql).toMatch(/b\.stream in \(\$\d+\)/i);
    expect(streamsWatchedBy('weighbridge_mixed')).toEqual(['household']);
  });
});
