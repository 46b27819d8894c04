import type { Workflow } from './workflow';
import { hazardousWorkflow } from './hazardous';
import { industrialWorkflow } from './industrial';
import { constructionWorkflow } from './construction';
import { sludgeWorkflow } from './sludge';
import { kitchenWorkflow } from './kitchen';
import { pesticideWorkflow } from './pesticide';
import { carcassWorkflow } from './carcass';
import { manureWorkflow } from './manure';
import { recyclablesWorkflow } from './recyclables';
import { ewasteWorkflow } from './ewaste';

/** The workflow example of each stream, by registry key: a stream without one fails test/api/workflows.test.ts. */
export const WORKFLOWS: Readonly<Record<string, Workflow>> = {
  hazardous: hazardousWorkflow,
  industrial: industrialWorkflow,
  construction: constructionWorkflow,
  sludge: sludgeWorkflow,
  kitchen: kitchenWorkflow,
  pesticide: pesticideWorkflow,
  carcass: carcassWorkflow,
  manure: manureWorkflow,
  recyclables: recyclablesWorkflow,
  ewaste: ewasteWorkflow,
};
