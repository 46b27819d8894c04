// npm run docs:workflows — writes docs/workflows/<stream>.md from each stream's workflow example
// (test/workflows/<stream>.ts), the page test/api/workflows.test.ts compares with what it renders.
import fs from 'node:fs';
import path from 'node:path';
import { STREAM_DEFINITIONS } from '../src/domain/streams';
import { WORKFLOWS } from '../test/workflows';
import { workflowMarkdown } from '../test/workflows/workflow';

fs.mkdirSync(path.resolve('docs', 'workflows'), { recursive: true });
for (const { key } of STREAM_DEFINITIONS) {
  const workflow = WORKFLOWS[key];
  if (!workflow) throw new Error(`no workflow for stream ${key}: add test/workflows/${key}.ts to test/workflows/index.ts`);
  const file = path.resolve('docs', 'workflows', `${key}.md`);
  fs.writeFileSync(file, workflowMarkdown(workflow));
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
