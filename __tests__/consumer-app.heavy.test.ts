import * as path from 'path';
import { app, prepareConsumerApp, root, run } from './consumer-app-fixture';

// The example consumer's own jest run (snapshots + cdktf Testing matchers): a second jest
// process, so it is in the heavy tier; consumer-app.test.ts compiles and synthesizes it.
beforeAll(prepareConsumerApp, 120000);

test("the consumer's own jest tests (snapshot + cdktf Testing matchers) pass", () => {
  const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
  const output = run(process.execPath, [jest, '--ci', '--rootDir', app], app);
  expect(output).toMatch(/Tests:\s+2 passed, 2 total/);
  expect(output).toMatch(/Snapshots:\s+2 passed, 2 total/);
}, 120000);
