// npm run docs:rules — writes docs/manifest-rules-<stream>.md from each stream's rule table.
import fs from 'node:fs';
import path from 'node:path';
import { STREAMS } from '../manifests/streams';
import { rulesMarkdown } from '../../domain/manifests/rules-doc';

for (const [key, config] of Object.entries(STREAMS)) {
  const file = path.resolve('docs', `manifest-rules-${key}.md`);
  fs.writeFileSync(file, rulesMarkdown(config));
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
