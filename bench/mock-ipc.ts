// The child side of whole-process.ts forkMockProcess: a mock endpoint process prints its URL on
// stdout, answers 'count' with the requests served so far (the bare undici loop then sends as many)
// and the CPU time it has used, and closes on 'stop'. Every mock script of the bench ends with this.
import type { MockOpenAI } from '../harness/testing/mock-openai.js';

export function serveToParent(mock: Pick<MockOpenAI, 'url' | 'count' | 'close'>): void {
  process.stdout.write(`${mock.url}\n`);
  process.on('message', async (m) => {
    if (m === 'count') {
      const cpu = process.cpuUsage();
      process.send!({ count: mock.count, cpuMs: (cpu.user + cpu.system) / 1000 });
    }
    if (m === 'stop') {
      await mock.close();
      process.exit(0);
    }
  });
}
