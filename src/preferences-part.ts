import { definePreferences } from './ui/define-preferences.js';

// `assent-preferences.js`: the preference center, loaded by `assent.iife.js` when needed.
definePreferences();
