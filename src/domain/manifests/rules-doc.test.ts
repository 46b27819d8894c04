import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rulesMarkdown } from './rules-doc';
import { HAZARDOUS_STREAM } from './hazardous';

describe('the generated rule reference page', () => {
  it('matches the committed docs/manifest-rules-hazardous.md (run npm run docs:rules after changing the table)', () => {
    const committed = fs.readFileSync(path.resolve('docs/manifest-rules-hazardous.md'), 'utf8');
    expect(committed).toBe(rulesMarkdown(HAZARDOUS_STREAM));
  });
});
