import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rulesMarkdown } from './rules-doc';
import { HAZARDOUS_STREAM } from './hazardous';
import { INDUSTRIAL_STREAM } from './industrial';
import { CONSTRUCTION_STREAM } from './construction';

describe('the generated rule reference pages', () => {
  it.each([HAZARDOUS_STREAM, INDUSTRIAL_STREAM, CONSTRUCTION_STREAM])('match the committed docs/manifest-rules-$stream.md (run npm run docs:rules after changing a table)', (config) => {
    const committed = fs.readFileSync(path.resolve(`docs/manifest-rules-${config.stream}.md`), 'utf8');
    expect(committed).toBe(rulesMarkdown(config));
  });
});
