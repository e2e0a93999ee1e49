// Writes crds/*.yaml from src/api. Run from the repository root (see `npm run gen:crds`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderCrdFiles } from '../src/api/crd-files.js';

const outDir = join(process.cwd(), 'crds');
mkdirSync(outDir, { recursive: true });
for (const [fileName, text] of renderCrdFiles()) {
  writeFileSync(join(outDir, fileName), text);
  console.log(`wrote crds/${fileName}`);
}
