import { inNextTask } from './core/next-task.js';
import { definePreferences } from './ui/define-preferences.js';

// `assent-preferences.js`: the preference center, loaded by `assent.iife.js` when needed. Defining
// it upgrades the element, which adopts its styles: in a task after the script's evaluation.
void inNextTask(() => definePreferences());
