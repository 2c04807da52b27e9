/**
 * Returns the URL as written when it is http(s) or relative, else undefined.
 * Parsing (rather than matching a prefix) sees through `java\tscript:` and leading spaces,
 * the same way the browser will when the link is followed.
 */
export function safeHttpUrl(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  try {
    const { protocol } = new URL(trimmed, 'https://relative.invalid/');
    return protocol === 'https:' || protocol === 'http:' ? trimmed : undefined;
  } catch {
    return undefined;
  }
}
