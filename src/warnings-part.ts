import { describeProblem } from './core/problem-texts.js';
import { pageHandle } from './page-handle.js';

// `assent-warnings.js`: the texts of configuration warnings, loaded by `assent.iife.js` only on a
// page where it found a problem (docs/diagnostics.md#configuration-warnings).
pageHandle()?.problems.describeWith(describeProblem);
