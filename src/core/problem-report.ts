import type { DescribeProblem, Problem, Report } from './problems.js';
import type { Warn } from './types.js';

/** The page's channel for configuration problems (core/problems.ts). */
export interface ProblemReport {
  readonly report: Report;
  /** Called by the warnings part once it has loaded. */
  describeWith(describe: DescribeProblem): void;
  /** Resolves once every problem reported so far has been written. */
  settled(): Promise<void>;
}

/**
 * Problems wait here until the warnings part has loaded; it is asked for on the first one, so a
 * page without any never loads it. Each is then written through `warn`, which writes each text
 * once. If the part cannot load, each problem is still named: its element, code, attribute and value.
 */
export function createProblemReport(warn: Warn, loadTexts: () => Promise<unknown>): ProblemReport {
  const waiting: Problem[] = [];
  const byCode: DescribeProblem = (problem) =>
    `<${problem.element.localName}>: ${problem.code}${'attribute' in problem ? ` ${problem.attribute}` : ''}${'value' in problem ? `=${JSON.stringify(problem.value)}` : ''}`;
  let describe: DescribeProblem | undefined;
  let loading: Promise<void> | undefined;
  const write = (problem: Problem) => {
    try {
      warn(describe!(problem));
    } catch {
      warn(byCode(problem));
    }
  };
  const flush = () => {
    describe ??= byCode;
    waiting.splice(0).forEach(write);
  };
  return {
    report(problem) {
      if (describe) return write(problem);
      waiting.push(problem);
      loading ??= loadTexts().then(flush, (error: unknown) => {
        warn(`could not load the texts of configuration warnings (${error instanceof Error ? error.message : String(error)}).`);
        flush();
      });
    },
    describeWith(texts) {
      describe = texts;
    },
    settled: () => loading ?? Promise.resolve(),
  };
}
