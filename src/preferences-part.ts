import { AssentPreferences } from './ui/assent-preferences.js';
import { definePreferences } from './ui/define-preferences.js';
import { defineAfterParsingStyles } from './ui/parse-styles-ahead.js';

// `assent-preferences.js`: the preference center, loaded by `assent.iife.js` when needed. Its
// styles are parsed in a task after the script's evaluation, and defining it (which upgrades the
// element) comes in the task after that.
void defineAfterParsingStyles(AssentPreferences.styles, () => definePreferences());
