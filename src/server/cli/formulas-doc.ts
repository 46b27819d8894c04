// npm run docs:formulas — writes docs/indicator-formulas.md from the formula registry.
import fs from 'node:fs';
import path from 'node:path';
import { allFormulas } from '../indicators/formulas';
import { formulasMarkdown } from '../indicators/formulas-doc';

const file = path.resolve('docs', 'indicator-formulas.md');
fs.writeFileSync(file, formulasMarkdown(allFormulas()));
console.log(`wrote ${path.relative(process.cwd(), file)}`);
