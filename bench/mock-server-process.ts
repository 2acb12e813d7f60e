// The mock endpoint in its own process, so the bench measures the client side on one core
// while the server uses the other — the same for agenteval and the bare undici baseline.
import { startMockOpenAI } from '../harness/testing/mock-openai.js';

const latencyMs = Number(process.argv[2] ?? 0);
const mock = await startMockOpenAI({ latencyMs, record: false, models: ['m'] });
process.stdout.write(`${mock.url}\n`);
process.on('message', async (m) => {
  if (m === 'stop') {
    await mock.close();
    process.exit(0);
  }
});
