import { describe, expect, it } from 'vitest';
import { caseState, stepProblem, type CaseStep } from './cases';

// A case's state is read from its steps, and a step that cannot follow the ones a case has is named.

const s = (kind: CaseStep['kind'], on: string, data: Record<string, unknown> = {}): CaseStep => ({ kind, on, data });

describe('a case’s state', () => {
  it('moves from open to decided to closed, and follows the police and the compensation', () => {
    expect(caseState([])).toEqual({ status: 'open', police: 'none', compensation: 'pending' });
    expect(caseState([s('decision', '2026-03-01')])).toMatchObject({ status: 'decided' });
    expect(caseState([s('police_transfer', '2026-03-02')])).toMatchObject({ police: 'transferred' });
    expect(caseState([s('police_transfer', '2026-03-02'), s('police_answer', '2026-03-10', { filed: true })])).toMatchObject({ police: 'filed' });
    expect(caseState([s('police_transfer', '2026-03-02'), s('police_answer', '2026-03-10', { filed: false })])).toMatchObject({ police: 'not_filed' });
    expect(caseState([s('compensation_na', '2026-03-02')])).toMatchObject({ compensation: 'not_applicable' });
    expect(caseState([s('decision', '2026-03-01'), s('closure', '2026-04-01'), s('compensation', '2026-04-02')])).toEqual({ status: 'closed', police: 'none', compensation: 'started' });
  });
});

describe('what may follow', () => {
  const opened = '2026-03-01';
  it('refuses a step before the case was opened, and an answer before the transfer', () => {
    expect(stepProblem(opened, [], s('investigation', '2026-02-28'))).toMatchObject({ code: 'BEFORE_OPENING', status: 400 });
    expect(stepProblem(opened, [s('police_transfer', '2026-03-05')], s('police_answer', '2026-03-04', { filed: true }))).toMatchObject({ code: 'BEFORE_TRANSFER' });
  });
  it('refuses a second decision, transfer, answer or compensation, and work on a closed case', () => {
    expect(stepProblem(opened, [s('decision', opened)], s('decision', opened))).toMatchObject({ code: 'ALREADY_DECIDED', status: 409 });
    expect(stepProblem(opened, [s('police_transfer', opened)], s('police_transfer', opened))).toMatchObject({ code: 'ALREADY_TRANSFERRED' });
    expect(stepProblem(opened, [], s('police_answer', opened, { filed: true }))).toMatchObject({ code: 'NOT_TRANSFERRED' });
    expect(stepProblem(opened, [s('compensation_na', opened)], s('compensation', opened))).toMatchObject({ code: 'COMPENSATION_RECORDED' });
    expect(stepProblem(opened, [s('closure', opened)], s('investigation', opened))).toMatchObject({ code: 'CASE_CLOSED' });
  });
  it('lets the police’s answer and the compensation come after closure', () => {
    const closed = [s('police_transfer', opened), s('decision', opened), s('closure', '2026-04-01')];
    expect(stepProblem(opened, closed, s('police_answer', '2026-04-05', { filed: true }))).toBeNull();
    expect(stepProblem(opened, closed, s('compensation', '2026-04-05'))).toBeNull();
  });
});
