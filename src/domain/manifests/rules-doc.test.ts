import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rulesMarkdown } from './rules-doc';
import { STREAM_DEFINITIONS } from '../streams';

describe('the generated rule reference pages', () => {
  it.each(STREAM_DEFINITIONS.map((d) => d.manifest))('match the committed docs/manifest-rules-$stream.md (run npm run docs:rules after changing a table)', (config) => {
    const committed = fs.readFileSync(path.resolve(`docs/manifest-rules-${config.stream}.md`), 'utf8');
    expect(committed).toBe(rulesMarkdown(config));
  });
});
