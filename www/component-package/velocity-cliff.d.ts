// Types of the <velocity-cliff> web component (the package's entry,
// velocity-cliff.js). Importing the entry defines the element; in a worker it
// is the component's own simulation worker and defines nothing.

/** Where an instance computes: in its Web Workers or, where none can start, on the main thread. */
export type VelocityCliffEngine = 'worker' | 'main-thread';

/** 'idle' | 'waiting' (not yet in view) | 'loading' | 'running' | 'ready' | 'error'. */
export type VelocityCliffState = 'idle' | 'waiting' | 'loading' | 'running' | 'ready' | 'error';

/** Weekly percentile bands of one metric. */
export interface Bands {
  p10: number[];
  p25: number[];
  p50: number[];
  p75: number[];
  p90: number[];
  mean: number[];
}

/** One strategy of a result (the fields most embeds read; the JSON holds more). */
export interface StrategyResult {
  id: string;
  label: string;
  collapse: {
    share: number;
    week_p10: number | null;
    week_p50: number | null;
    week_p90: number | null;
    survival: number[];
    survival_both: number[];
    histogram: number[];
  };
  cash: { share: number; week_p10: number | null; week_p50: number | null; week_p90: number | null; survival: number[]; histogram: number[] };
  outcomes: { healthy: number; recovered: number; collapsed: number; out_of_cash: number; frozen: number };
  series: Record<'velocity' | 'users' | 'team' | 'debt' | 'features' | 'revenue' | 'burn' | 'cash' | 'runway', Bands>;
  summary: { mean_healthy_weeks: number; healthy_share: number; collapsed_share: number; collapse_week_p50: number | null; [key: string]: number | null };
  /** P(this strategy stays healthy longer than `against`) over runs on the same random draws. */
  paired: { against: string; win: number; tie: number; loss: number }[];
  [key: string]: unknown;
}

/** A full result: the same JSON the CLI prints for the same scenario, seed and model version. */
export interface VelocityCliffResult {
  model_version: string;
  seed: number;
  runs: number;
  weeks: number;
  scenario: unknown;
  strategies: StrategyResult[];
}

export interface VelocityCliffEventMap extends HTMLElementEventMap {
  /** After every full result; `detail` is the result (= `element.result`). */
  result: CustomEvent<VelocityCliffResult>;
  /** After every finished tornado (attribute `sensitivity`); `detail` is the report (= `JSON.parse(element.sensitivityJson)`). */
  sensitivity: CustomEvent<Record<string, unknown>>;
  /** When a message is shown in place of the chart. */
  'velocity-cliff-error': CustomEvent<{ message: string }>;
}

/**
 * `<velocity-cliff>`: every attribute is also a string property (`el.runs =
 * '500'` sets the attribute; null removes it).
 */
export declare class VelocityCliffElement extends HTMLElement {
  /** Milliseconds without work after which an instance's workers stop. */
  static idleMs: number;
  static readonly observedAttributes: string[];
  /** A share string `v1.…` (a `#v1.…` hash or a whole app link also work). */
  scenario: string | null;
  preset: string | null;
  /** Comma-separated strategy ids. */
  strategies: string | null;
  runs: string | null;
  seed: string | null;
  weeks: string | null;
  threshold: string | null;
  window: string | null;
  smoothing: string | null;
  /** 'none' | 'compact' | 'full'. */
  controls: string | null;
  /** Pixels, 80–1200. */
  height: string | null;
  /** 'auto' | 'light' | 'dark'. */
  theme: string | null;
  /** A tornado under the table: `outcome:healthy;versus:A,B;top:5` or `strategy:ID` (EMBED.md). */
  sensitivity: string | null;
  /** The last finished tornado's report as the exact JSON text (`velocity-cliff sensitivity`'s bytes), or ''. */
  readonly sensitivityJson: string;
  /** The last full result (parsed), or null. */
  readonly result: VelocityCliffResult | null;
  /** The last full result as the exact JSON text (byte for byte the CLI's output), or ''. */
  readonly resultJson: string;
  /** Where this instance computes (or last computed), null before its first run. */
  readonly engine: VelocityCliffEngine | null;
  readonly state: VelocityCliffState;
  addEventListener<K extends keyof VelocityCliffEventMap>(type: K, listener: (this: VelocityCliffElement, ev: VelocityCliffEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof VelocityCliffEventMap>(type: K, listener: (this: VelocityCliffElement, ev: VelocityCliffEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

/** The element's tag name, 'velocity-cliff'. */
export declare const TAG: 'velocity-cliff';

declare global {
  interface HTMLElementTagNameMap {
    'velocity-cliff': VelocityCliffElement;
  }
}
