import { describe, expect, it } from 'vitest';
import { DOMAINS, ROLES } from '../../domain/enums';
import { STREAM_KEYS, regulatedBy } from '../../domain/streams';
import { regulatedWaste, regulates, auditScope, type Actor } from './policy';

const actor = (role: Actor['role'], domain: Actor['domain']): Actor => ({
  via: 'session', userId: 'u', tokenId: null, username: 'x', role, organisationId: 'o', organisationKind: role === 'office' || role === 'regulator' ? 'government' : 'enterprise',
  organisationStatus: 'verified', regionCode: '371581', domain, scopes: [],
});
const CODES = ['900-249-08', '841-001-01', '841-003-01', 'SW02', 'CW01', ''];

describe('regulatedWaste (the SQL lists and feeds filter with it)', () => {
  it.each(DOMAINS.values)('gives a %s regulator exactly the manifests regulatedBy() gives it', (domain) => {
    const waste = regulatedWaste(actor('regulator', domain));
    for (const stream of STREAM_KEYS) for (const code of CODES) expect(regulates(waste, stream, code), `${stream} ${code}`).toBe(regulatedBy(domain, stream, code));
  });

  it('gives the office, the platform admin and a general department everything, and companies nothing', () => {
    expect(regulatedWaste(actor('office', 'ecology'))).toBe('all');
    expect(regulatedWaste(actor('platform_admin', null))).toBe('all');
    expect(regulatedWaste(actor('regulator', 'general'))).toBe('all');
    for (const role of ROLES.values.filter((r) => !['office', 'regulator', 'platform_admin'].includes(r))) expect(regulatedWaste(actor(role, null))).toEqual([]);
  });
});

describe('auditScope', () => {
  it('keeps a department to its region and its waste, the office to its region', () => {
    expect(auditScope(actor('office', 'general'))).toEqual({ regionCode: '371581' });
    expect(auditScope(actor('regulator', 'general'))).toEqual({ regionCode: '371581' });
    expect(auditScope(actor('regulator', 'health'))).toEqual({ regionCode: '371581', waste: [{ stream: 'hazardous', codePrefix: '841-', categoryPrefix: 'HW01' }] });
    // Housing regulates three streams and keeps the household register (a register area, not a stream).
    expect(auditScope(actor('regulator', 'housing'))).toEqual({ regionCode: '371581', waste: [{ stream: 'construction', categoryPrefix: 'CW' }, { stream: 'sludge', categoryPrefix: 'SL' }, { stream: 'kitchen', categoryPrefix: 'KW' }, { stream: 'household', categoryPrefix: 'HH' }] });
    expect(auditScope(actor('enterprise_admin', null))).toEqual({ organisationId: 'o' });
    expect(auditScope(actor('enterprise_member', null))).toEqual({ none: true });
  });
});
