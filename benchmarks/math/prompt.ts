// The prompt: the problem as the dataset gives it, then the instruction on its own line — once. The
// bundled rows (and many released copies) already end with the standard instruction; appending it
// again would change the prompt papers used. Plain chat messages: the endpoint applies the model's
// chat template.
import type { ChatMessage } from '../../harness/types.js';

export function problemPrompt(problem: string, instruction: string): string {
  if (instruction === '' || problem.includes(instruction)) return problem;
  return `${problem.replace(/\s+$/, '')}\n${instruction}`;
}

export function mathMessages(problem: string, instruction: string): ChatMessage[] {
  return [{ role: 'user', content: problemPrompt(problem, instruction) }];
}

/** What `oracle` answers: the gold answer, boxed as the instruction asks. */
export function oracleOutput(answer: string): string {
  return `\\boxed{${answer}}`;
}
