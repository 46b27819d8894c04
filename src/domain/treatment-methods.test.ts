import { describe, expect, it } from 'vitest';
import { TREATMENT_METHODS, methodLabel, COLLECTION_METHOD } from './treatment-methods';
import { checkValues } from './manifests/values';
import { INDUSTRIAL_STREAM } from './streams/industrial';
import { HAZARDOUS_STREAM } from './streams/hazardous';
import { containerCountText, hazardText, tonnesText } from './format';

describe('利用/处置方式 from the R, D and C codes', () => {
  it('names each code in Chinese and English, once', () => {
    const codes = TREATMENT_METHODS.map((m) => m.value);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual(expect.arrayContaining(['R1', 'R9', 'R15', 'D1', 'D9', 'D10', 'D16', 'C1', 'C2', 'C3']));
    for (const m of TREATMENT_METHODS) expect(m.zh.length && m.en.length).toBeTruthy();
    expect(methodLabel('D10')).toBe('D10 焚烧');
    expect(methodLabel('R9', 'en')).toBe('R9 Used-oil re-refining or other reuse of oil');
  });

  it('leaves out disposal into water, into the sea and incineration at sea', () => {
    expect(TREATMENT_METHODS.map((m) => m.value)).not.toEqual(expect.arrayContaining(['D6']));
    expect(TREATMENT_METHODS.some((m) => ['D6', 'D7', 'D11'].includes(m.value))).toBe(false);
  });

  it('shows a legacy free-text method as written, and the collector’s store in words', () => {
    expect(methodLabel('制砖')).toBe('制砖');
    expect(methodLabel(COLLECTION_METHOD, 'en')).toBe('Collected into store');
    expect(methodLabel(null)).toBe('');
  });

  it('refuses a general industrial receiver’s typed method, and takes a code', () => {
    expect(checkValues(INDUSTRIAL_STREAM, { treatmentMethod: '制砖' })).toMatchObject([{ field: 'treatmentMethod', problem: 'NOT_IN_LIST' }]);
    expect(checkValues(INDUSTRIAL_STREAM, { treatmentMethod: 'C2' })).toEqual([]);
  });

  it('refuses a hazardous receiver’s code outside the list, and takes D10 and 收集贮存', () => {
    expect(checkValues(HAZARDOUS_STREAM, { treatmentMethod: 'D17' })).toMatchObject([{ field: 'treatmentMethod', problem: 'NOT_IN_LIST' }]);
    expect(checkValues(HAZARDOUS_STREAM, { treatmentMethod: 'C5' })).toMatchObject([{ field: 'treatmentMethod', problem: 'NOT_IN_LIST' }]);
    expect(checkValues(HAZARDOUS_STREAM, { treatmentMethod: 'D10' })).toEqual([]);
    expect(checkValues(HAZARDOUS_STREAM, { treatmentMethod: COLLECTION_METHOD })).toEqual([]);
  });
});

describe('words instead of codes on a manifest', () => {
  it('writes 危险特性 letters as names', () => {
    expect(hazardText(['T', 'I'])).toBe('毒性、易燃性');
    expect(hazardText('T、I')).toBe('毒性、易燃性');
    expect(hazardText('T/In', 'en')).toBe('toxic, infectious');
    expect(hazardText(['X'])).toBe('X');
  });

  it('writes 包装数量 as a whole number with the packaging’s unit', () => {
    expect(containerCountText(4, '200L铁桶')).toBe('4 桶');
    expect(containerCountText('4.000', '200L铁桶')).toBe('4 桶');
    expect(containerCountText(3, '吨袋')).toBe('3 袋');
    expect(containerCountText(12, '托盘', 'en')).toBe('12 items');
    expect(containerCountText(null, '桶')).toBe('');
  });

  it('rounds tonnes as a person writes them', () => {
    expect(tonnesText(45.679)).toBe('45.68 吨');
    expect(tonnesText(0.1254)).toBe('0.125 吨');
    expect(tonnesText(45.679, 'en')).toBe('45.68 t');
  });
});
