// jest runs the test files that took longest last time first; without timings (a fresh clone,
// as CI runs) it goes by file size, which leaves a small file that runs for seconds (a property
// or fuzz run, the example consumer app's compile) for last, alone on one of two cores. Without
// timings, those go first.
'use strict';
const Sequencer = require('@jest/test-sequencer').default;

const LONG_FOR_ITS_SIZE = /(\.property|\.fuzz|\/consumer-app)\.test\.ts$/;

module.exports = class extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    if (sorted.some((t) => t.duration != null)) return sorted;
    const long = (t) => LONG_FOR_ITS_SIZE.test(t.path);
    return [...sorted.filter(long), ...sorted.filter((t) => !long(t))];
  }
};
