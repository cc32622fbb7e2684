// The api tests' order: Jest's own (failed first, then slowest first), except that
// platform-image.test.ts runs last, after the other files have covered its background build
// (global-setup.ts).
const Sequencer = require('@jest/test-sequencer').default;

class PlatformImageLast extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const last = (t) => (t.path.endsWith('platform-image.test.ts') ? 1 : 0);
    return [...sorted].sort((a, b) => last(a) - last(b));
  }
}

module.exports = PlatformImageLast;
