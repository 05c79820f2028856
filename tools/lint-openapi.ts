import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getOpenApiDocument } from '../src/openapi';

const ROOT = path.resolve(__dirname, '..');
const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', name);
const print = (line: string) => process.stdout.write(`${line}\n`);

interface RedoclyReport {
  totals: { errors: number; warnings: number };
  problems: Array<{
    ruleId: string;
    severity: string;
    message: string;
    location: Array<{ pointer: string }>;
  }>;
}

/** Redocly's recommended rules (redocly.yaml); its warnings do not change its exit code, so they are counted here. */
function redocly(file: string): number {
  const result = spawnSync(
    bin('redocly'),
    ['lint', '--config', path.join(ROOT, 'redocly.yaml'), '--format', 'json', file],
    {
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    },
  );
  const report = JSON.parse(result.stdout) as RedoclyReport;
  for (const problem of report.problems) {
    print(
      `  ${problem.severity} ${problem.ruleId} ${problem.location[0]?.pointer ?? ''}: ${problem.message}`,
    );
  }
  print(`redocly: ${report.totals.errors} errors, ${report.totals.warnings} warnings`);
  return report.totals.errors + report.totals.warnings;
}

/** Spectral's spectral:oas rules (.spectral.yaml), failing on warnings too. */
function spectral(file: string): number {
  const result = spawnSync(
    bin('spectral'),
    ['lint', '--ruleset', path.join(ROOT, '.spectral.yaml'), '--fail-severity', 'warn', file],
    { stdio: 'inherit' },
  );
  print(`spectral: ${result.status === 0 ? 'no problems' : 'problems above'}`);
  return result.status === 0 ? 0 : 1;
}

/** Lints the OpenAPI document as the server builds it. Any error or warning from either linter fails the run. */
function main(): number {
  const dir = mkdtempSync(path.join(tmpdir(), 'openapi-lint-'));
  const file = path.join(dir, 'openapi.json');
  try {
    writeFileSync(file, JSON.stringify(getOpenApiDocument(), null, 2));
    return redocly(file) + spectral(file) === 0 ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = main();
