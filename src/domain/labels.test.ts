import { describe, expect, it } from 'vitest';
import { a4Sheet, A4, labelGeometry } from './labels';

describe('危险废物标签 geometry', () => {
  it.each([100, 150, 200])('keeps every row and the whole QR code inside a %i mm label, the code below the last row', (size) => {
    const g = labelGeometry(size);
    const inner = { top: g.border + g.padding, bottom: size - g.border - g.padding };
    expect(g.header.y).toBeGreaterThanOrEqual(inner.top);
    for (const r of g.rows) expect(r.y + r.height, r.key).toBeLessThanOrEqual(g.footer.y);
    expect(g.qr.y).toBeGreaterThanOrEqual(g.rows.at(-1)!.y + g.rows.at(-1)!.height);
    expect(g.qr.x).toBeGreaterThanOrEqual(inner.top);
    expect(g.qr.x + g.qr.size).toBeLessThanOrEqual(inner.bottom + 1e-9);
    expect(g.qr.y + g.qr.size).toBeLessThanOrEqual(inner.bottom + 1e-9);
    // Big enough to scan: a third of the label or more.
    expect(g.qr.size).toBeGreaterThanOrEqual(size / 3);
    expect(g.footer.textWidth + g.qr.size).toBeLessThanOrEqual(size - 2 * inner.top);
  });

  it('fits whole labels on A4 at 100 % inside the printable area', () => {
    expect([100, 150, 200].map((s) => a4Sheet(s).perSheet)).toEqual([4, 1, 1]);
    for (const size of [100, 150, 200]) {
      const s = a4Sheet(size);
      expect(s.left + s.columns * size).toBeLessThanOrEqual(A4.width - 2 * A4.margin);
      expect(s.top + s.rows * size).toBeLessThanOrEqual(A4.height - 2 * A4.margin);
    }
  });
});
