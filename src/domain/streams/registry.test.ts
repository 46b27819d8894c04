import { describe, expect, it } from 'vitest';
import { STREAM_DEFINITIONS, declarationStream, licensedStreams, regulatedBy, regulatedStreams, streamOfCode, streamDefinition } from '.';
import { DOMAINS } from '../enums';

describe('the stream registry', () => {
  it.each(STREAM_DEFINITIONS.map((d) => [d.key, d] as const))('%s is one consistent definition', (key, d) => {
    expect(d.manifest.stream).toBe(key);
    expect(d.codePattern.test(d.codeExample)).toBe(true);
    expect(streamOfCode(d.codeExample)).toBe(key);
    expect(d.regulators.every((r) => DOMAINS.values.includes(r.domain))).toBe(true);
    if (d.loadSource === 'batches') expect(d.batchPrefix).toMatch(/^[A-Z]{2,6}$/);
    expect(streamDefinition(key)).toBe(d);
  });

  it('keeps keys, batch prefixes and code patterns apart', () => {
    const keys = STREAM_DEFINITIONS.map((d) => d.key);
    expect(new Set(keys).size).toBe(keys.length);
    const prefixes = STREAM_DEFINITIONS.flatMap((d) => (d.batchPrefix ? [d.batchPrefix] : []));
    expect(new Set(prefixes).size).toBe(prefixes.length);
    for (const d of STREAM_DEFINITIONS) for (const other of STREAM_DEFINITIONS) if (other !== d) expect(other.codePattern.test(d.codeExample), `${other.key} takes ${d.codeExample}`).toBe(false);
  });

  it('says which department regulates what: ecology hazardous and industrial waste, health medical waste, housing and urban management construction waste, a general department everything', () => {
    expect(regulatedBy('ecology', 'hazardous', '900-249-08')).toBe(true);
    expect(regulatedBy('ecology', 'industrial', 'SW02')).toBe(true);
    expect(regulatedBy('ecology', 'construction', 'CW01')).toBe(false);
    expect(regulatedBy('health', 'hazardous', '841-001-01')).toBe(true);
    expect(regulatedBy('health', 'hazardous', '900-249-08')).toBe(false);
    expect(regulatedBy('housing', 'construction', 'CW01')).toBe(true);
    expect(regulatedBy('urban', 'construction', 'CW03')).toBe(true);
    expect(regulatedBy('housing', 'hazardous', '900-249-08')).toBe(false);
    expect(regulatedBy('general', 'construction', 'CW01')).toBe(true);
    expect(regulatedBy(null, 'hazardous', '900-249-08')).toBe(false);
    expect(regulatedBy('ecology', 'no-such-stream', 'x')).toBe(false);
    expect(regulatedStreams('health')).toEqual([{ stream: 'hazardous', codePrefix: '841-', categoryPrefix: 'HW01' }]);
    // Ecology licenses the e-waste dismantlers; commerce regulates the collection of recyclables and appliances.
    expect(regulatedStreams('ecology').map((w) => w.categoryPrefix)).toEqual(['HW', 'SW', 'SL', 'RR06']);
    expect(regulatedBy('commerce', 'recyclables', 'RR04')).toBe(true);
    expect(regulatedBy('ecology', 'recyclables', 'RR04')).toBe(false);
    expect(regulatedBy('ecology', 'ewaste', 'RR06')).toBe(true);
  });

  it('has sewage sludge regulated by urban management and housing, seen by ecology, not by health or agriculture', () => {
    for (const domain of ['urban', 'housing', 'ecology', 'general']) expect(regulatedBy(domain, 'sludge', 'SL01'), domain).toBe(true);
    for (const domain of ['health', 'agriculture', 'commerce']) expect(regulatedBy(domain, 'sludge', 'SL01'), domain).toBe(false);
    expect(streamOfCode('SL02')).toBe('sludge');
    expect(streamOfCode('SL09')).toBeNull();
  });

  it('has kitchen waste regulated by urban management and housing, not by ecology, health or commerce; KW01 and KW02 are its codes', () => {
    for (const domain of ['urban', 'housing', 'general']) expect(regulatedBy(domain, 'kitchen', 'KW02'), domain).toBe(true);
    for (const domain of ['ecology', 'health', 'commerce', 'agriculture']) expect(regulatedBy(domain, 'kitchen', 'KW01'), domain).toBe(false);
    expect(streamOfCode('KW01')).toBe('kitchen');
    expect(streamOfCode('KW02')).toBe('kitchen');
    expect(streamOfCode('KW03')).toBeNull();
    expect(streamDefinition('kitchen').loadSource).toBe('contract');
  });

  it('says which streams a per-stream feature serves, as data: licensed receivers for hazardous waste, the Excel sheet and registration rate for general industrial waste', () => {
    expect(licensedStreams().map((d) => d.key)).toEqual(['hazardous']);
    expect(declarationStream('sheet').key).toBe('industrial');
    expect(declarationStream('registrationRate').key).toBe('industrial');
    expect(STREAM_DEFINITIONS.filter((d) => d.declaration?.sheet)).toHaveLength(1);
  });
});
