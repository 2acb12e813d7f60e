#!/usr/bin/env node
// agenteval command line. Exit codes (for CI) are one table, in ./exit.ts.
import { Command } from 'commander';
import { agentevalVersion } from '../run/version.js';
import { registerRun } from './run-command.js';
import { registerReports } from './report-commands.js';
import { registerList } from './list-command.js';
import { registerDemo } from './demo-command.js';
import { registerIndex } from './index-command.js';
import { registerSuite } from './suite-command.js';
import { registerHistory } from './history-command.js';
import { registerReproduce } from './reproduce-command.js';
import { registerReport } from './report-command.js';
import { registerRescore } from './rescore-command.js';
import { EXIT, exitCodeHelp, exitWith } from './exit.js';

const helpWidth = (s: NodeJS.WriteStream) => (s.isTTY ? s.columns : 120);

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('agenteval')
    .description(
      'Evaluate LLMs and LLM agents on text-to-SQL, search QA, local-services search, reward-model, ' +
        'math reasoning and function-calling (BFCL) benchmarks, against any OpenAI-compatible endpoint ' +
        '(vLLM, SGLang, hosted APIs). Every run is a folder under results/runs/.',
    )
    .version(agentevalVersion())
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: false, showGlobalOptions: false })
    // Piped help (`| less`, into a file) wraps at 120 columns; commander's default there is 80, too
    // narrow beside our long option names, so it did not wrap at all (lines up to 166 columns).
    .configureOutput({
      getOutHelpWidth: () => helpWidth(process.stdout),
      getErrHelpWidth: () => helpWidth(process.stderr),
    })
    // Before the subcommands are added, so they inherit it: usage errors exit 2, not commander's 1.
    .exitOverride();
  registerList(program);
  registerRun(program);
  registerReports(program);
  registerIndex(program);
  registerSuite(program);
  registerHistory(program);
  registerReproduce(program);
  registerReport(program);
  registerRescore(program);
  registerDemo(program);
  program.addHelpText(
    'after',
    `
Quick start:
  agenteval list                                   benchmarks, sizes, metrics, data sources
  agenteval run spider --model oracle              self-check on bundled data (no server)
  agenteval run spider --model openai:qwen3-8b --base-url http://localhost:8000/v1 -n 4 --k 1,4
  agenteval leaderboard results/runs --format md
  agenteval compare <baseline-run> <candidate-run> --format md --fail-on-regression

${exitCodeHelp()}`,
  );
  return program;
}

async function main(): Promise<void> {
  // @huggingface/hub reports downloads with console.debug; stdout is for results (JSON, tables).
  console.debug = (...args: unknown[]) => console.error(...args);
  const program = buildProgram();
  try {
    await program.parseAsync(process.argv);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') exitWith(EXIT.ok);
    if (typeof code === 'string' && code.startsWith('commander.')) exitWith(EXIT.usage);
    exitWith(EXIT.usage, err);
  }
}

await main();
