// A pool of worker threads that run one case per seed: the fuzz campaigns' (fuzz.ts, cfuzz.ts)
// shared driver. Each worker script answers "ready", then one result per seed it is sent,
// and exits when sent null; results arrive in completion order (callers sort by seed).

import { Worker } from "node:worker_threads";

export async function runSeedPool<T>(o: {
  /** The worker script (a module whose top level serves seeds when it is a worker). */
  script: string;
  workerData: unknown;
  seed: number;
  count: number;
  jobs: number;
  /** Names the campaign in the error of a worker that dies. */
  name: string;
  onResult: (r: T) => void;
}): Promise<void> {
  let next = 0;
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let live = o.jobs;
      for (let w = 0; w < o.jobs; w++) {
        const worker = new Worker(o.script, { workerData: o.workerData });
        workers.push(worker);
        const feed = () => {
          if (next < o.count) worker.postMessage(o.seed + next++);
          else {
            worker.postMessage(null);
            if (--live === 0) resolve();
          }
        };
        worker.on("message", (r: T | "ready") => {
          if (r !== "ready") o.onResult(r);
          feed();
        });
        worker.on("error", reject);
        worker.on("exit", (code) => {
          if (code !== 0) reject(new Error(`${o.name}: a worker exited with status ${code}`));
        });
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
