// The play view's own worker: one company's story (`playStory`, one run of
// the play so far, every week's exact values), so the page's main thread
// never simulates. Sent the compiled module once, then story requests.
import { initSync, playStory } from '../../pkg/velocity_cliff.js';
import { errorFields, refusalText } from '../core/errors.js';

/** @param {MessageEvent<{type: 'init', module: WebAssembly.Module} | {type: 'story', id: number, scenario: unknown, options: unknown}>} e */
self.onmessage = (e) => {
  const m = e.data;
  if (m.type === 'init') {
    initSync({ module: m.module });
    return;
  }
  try {
    self.postMessage({ id: m.id, story: playStory(m.scenario, m.options) });
  } catch (err) {
    self.postMessage({ id: m.id, error: refusalText(errorFields(err)) });
  }
};
