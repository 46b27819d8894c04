import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, Client, type TestApp } from '../support/app';
import { STREAM_DEFINITIONS } from '../../src/domain/streams';
import { WORKFLOWS } from '../workflows';
import { runWorkflow, workflowMarkdown } from '../workflows/workflow';

// Every stream of the registry has a workflow example (test/workflows/<stream>.ts): it runs here
// over HTTP as the demo users, and its page docs/workflows/<stream>.md must be what it renders.
let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t.close(); });

const keys = STREAM_DEFINITIONS.map((d) => d.key);

describe('workflow examples', () => {
  it('exist for every stream in the registry, and only for those', () => {
    expect(keys.filter((key) => !WORKFLOWS[key]), 'streams without a workflow in test/workflows/index.ts').toEqual([]);
    expect(Object.keys(WORKFLOWS).filter((key) => !keys.includes(key))).toEqual([]);
    for (const key of keys) expect(WORKFLOWS[key].stream).toBe(key);
  });

  describe.each(keys)('%s', (key) => {
    it('runs step by step over HTTP as the demo users', async () => {
      const workflow = WORKFLOWS[key];
      if (!workflow) throw new Error(`no workflow for stream ${key}: add test/workflows/${key}.ts to test/workflows/index.ts`);
      await runWorkflow(workflow, (username) => Client.login(t.app, username));
    });

    it(`matches the committed docs/workflows/${key}.md`, () => {
      const workflow = WORKFLOWS[key];
      if (!workflow) throw new Error(`no workflow for stream ${key}`);
      const file = path.resolve('docs', 'workflows', `${key}.md`);
      const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      expect(workflowMarkdown(workflow), `docs/workflows/${key}.md is out of date: run npm run docs:workflows`).toBe(committed);
    });
  });
});
