/** The names in `data-signals` on Assent's own `<script>` (docs/signals.md#vendor-signals), as written. */
export function signalsOnScript(script: HTMLScriptElement | null): string[] {
  return script?.dataset['signals']?.split(/\s+/).filter(Boolean) ?? [];
}
