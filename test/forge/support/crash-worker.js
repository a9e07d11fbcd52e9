/**
 * A forge worker in a child process of its own, for the crash tests: TypeScript is compiled
 * on the fly by swc (as Jest does), the application context boots on the test's database,
 * and the publication of CONTRACT_ID runs. With CRASH_AT=<step>:<done|recorded>, the process
 * SIGKILLs itself at that point: no clean-up, no finally, as a crash.
 */
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');

Module._extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
require('./crash-worker-main.ts');
