// A local OpenAI-compatible endpoint for the BFCL bench, in its own process: every chat request is
// answered with a tool call to the first offered tool, with a type-appropriate value for each of
// its required parameters (so the checker does real work on every answer).
import { startMockOpenAI, type MockRequest } from '../harness/testing/mock-openai.js';
import { serveToParent } from './mock-ipc.js';

interface ToolDecl {
  function: { name: string; parameters?: { properties?: Record<string, { type?: string }>; required?: string[] } };
}

const dummy: Record<string, unknown> = { string: 'x', integer: 1, number: 1.5, boolean: true, array: [], object: {} };

function answer(req: MockRequest) {
  const tools = (req.body.tools as ToolDecl[] | undefined) ?? [];
  const tool = tools[0];
  if (!tool) return { content: 'No tool offered.' };
  const props = tool.function.parameters?.properties ?? {};
  const args: Record<string, unknown> = {};
  for (const p of tool.function.parameters?.required ?? []) args[p] = dummy[props[p]?.type ?? 'string'] ?? 'x';
  return { content: null, tool_calls: [{ id: 'call_0', type: 'function' as const, function: { name: tool.function.name, arguments: JSON.stringify(args) } }] };
}

const mock = await startMockOpenAI({ record: false, respond: answer });
serveToParent(mock);
