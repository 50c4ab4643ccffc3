// What the test fixtures and the tests put on the windows they drive.
interface Window {
  /** What fixtures/record.js records of the <velocity-cliff> elements on a page. */
  __record: {
    results: { id: string; runs: number; same: boolean; at: number }[];
    errors: { id: string; message: string }[];
    violations: string[];
  };
  /** Messages from the iframe page, recorded by fixtures/host.js. */
  __messages: ({ origin: string; source: string; type: string; height?: number; share?: string } & Record<string, unknown>)[];
  /** Content Security Policy violations seen by the page. */
  __csp: string[];
  /** fixtures/ticker.js: every tick of a 10 ms timer, and when the first component started running. */
  __ticks: number[];
  __runningAt: number | null;
  /** Set only if a hostile input ran a script. */
  __pwned?: unknown;
  /** axe-core, once injected by a test. */
  axe: typeof import('axe-core');
}

interface HTMLElementTagNameMap {
  'velocity-cliff': import('../src/component/element.js').VelocityCliffElement & Record<'scenario' | 'preset' | 'strategies' | 'runs' | 'seed' | 'weeks' | 'threshold' | 'window' | 'smoothing' | 'controls' | 'height' | 'theme', string | number | null>;
}
