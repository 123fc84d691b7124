import 'reflect-metadata';
import { createWorker } from './worker.factory';

createWorker().catch((error: Error) => {
  // Configuration and connection errors end here: say what is wrong and exit non-zero.
  console.error(`ascolto worker failed to start: ${error.message}`);
  process.exit(1);
});
