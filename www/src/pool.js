// The page's worker pool: the pool of pool-core.js with module workers running
// worker.js (Vite bundles it as a separate file). `createWorker` may still be
// passed to use other workers.
import { WorkerPool, CHUNK_WORK } from './pool-core.js';

export { CHUNK_WORK };

export class SimulationPool extends WorkerPool {
  /** @param {ConstructorParameters<typeof WorkerPool>[0] & {createWorker?: () => import('./pool-core.js').WorkerLike}} options */
  constructor(options) {
    super({ createWorker: () => new Worker(new URL('./worker.js', import.meta.url), { type: 'module' }), ...options });
  }
}
