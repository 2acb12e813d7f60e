// A worker thread of the math checker pool: loads the checker module once, then answers one
// comparison per message. A comparison that overruns is not interrupted here: the pool terminates
// this thread at its hard limit and starts another.
import { parentPort, workerData } from 'node:worker_threads';
import { isVerdict, type CheckReply, type CheckRequest, type CheckerModule, type WorkerInit } from './check-protocol.js';

const port = parentPort;
if (!port) throw new Error('check-worker.ts runs as a worker thread of MathCheckPool');

const init = workerData as WorkerInit;
const checker = (await import(init.checkerUrl)) as Partial<CheckerModule>;
if (typeof checker.verifyMath !== 'function') throw new Error(`${init.checkerUrl} does not export verifyMath()`);
const verify = checker.verifyMath.bind(checker);

port.on('message', (req: CheckRequest) => {
  let reply: CheckReply;
  try {
    const verdict = verify(req.gold, req.prediction, { deadlineMs: req.deadlineMs });
    reply = isVerdict(verdict) ? { id: req.id, ok: true, verdict } : { id: req.id, ok: false, error: 'checker returned no verdict' };
  } catch (err) {
    reply = { id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
});
// Before `ready`: the pool's per-comparison limit must not pay for booting the engine.
if (typeof checker.warmUpMathChecker === 'function') checker.warmUpMathChecker();
port.postMessage({ ready: true });
