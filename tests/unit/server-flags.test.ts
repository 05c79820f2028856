import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SERVER_NODE_FLAGS } from '../../tools/server-process';

test('npm start and npm run bench run the server with the same V8 flags', () => {
  const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  expect(pkg.scripts.start).toContain(`node ${SERVER_NODE_FLAGS} dist/src/server.js`);
});
