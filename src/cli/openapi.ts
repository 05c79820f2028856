import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { getOpenApiDocument } from '../openapi';
import { renderApiOverview, replaceApiOverview } from '../shared/api-overview';

const ROOT = path.resolve(__dirname, '../../..');

/** Writes openapi.json for tools that want a file, and refreshes the README's API overview table. */
async function main(): Promise<void> {
  const document = getOpenApiDocument();
  const target = path.resolve(process.argv[2] ?? path.join(ROOT, 'openapi.json'));
  await writeFile(target, `${JSON.stringify(document, null, 2)}\n`);
  const readmePath = path.join(ROOT, 'README.md');
  const readme = await readFile(readmePath, 'utf8');
  await writeFile(readmePath, replaceApiOverview(readme, renderApiOverview(document)));
  process.stdout.write(
    `Wrote ${target} (${Object.keys(document.paths ?? {}).length} paths) and README's API overview\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`openapi failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
