// Summary extras of a text-to-SQL run, as a streaming fold: how answers failed (SQL error,
// timeout, no SQL found) and the agent's effort (turns, execute_sql calls). Counters only.
import type { JsonObject, RecordAccumulator } from '../../harness/types.js';

export function text2sqlAggregator(): RecordAccumulator {
  let scored = 0;
  let sqlErrors = 0;
  let timeouts = 0;
  let noSql = 0;
  let turns = 0;
  let toolCalls = 0;
  return {
    add(r) {
      if (r.scores === null) return;
      scored += 1;
      const reason = typeof r.extra?.reason === 'string' ? r.extra.reason : '';
      if (reason === 'pred_timeout') timeouts += 1;
      else if (reason.startsWith('pred_')) sqlErrors += 1;
      else if (reason === 'no_sql') noSql += 1;
      // Integer sums: exact in any order.
      turns += r.turns;
      toolCalls += r.tool_calls;
    },
    finish(): JsonObject {
      if (scored === 0) return {};
      return {
        sql_error_rate: sqlErrors / scored,
        sql_timeout_rate: timeouts / scored,
        no_sql_rate: noSql / scored,
        mean_turns: turns / scored,
        mean_tool_calls: toolCalls / scored,
      };
    },
  };
}
