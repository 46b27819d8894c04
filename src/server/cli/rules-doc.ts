// npm run docs:rules — writes docs/manifest-rules-<stream>.md from each stream's rule table.
import fs from 'node:fs';
import path from 'node:path';
import { STREAM_DEFINITIONS } from '../../domain/streams';
import { rulesMarkdown } from '../../domain/manifests/rules-doc';

for (const { key, manifest } of STREAM_DEFINITIONS) {
  const file = path.resolve('docs', `manifest-rules-${key}.md`);
  fs.writeFileSync(file, rulesMarkdown(manifest));
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
