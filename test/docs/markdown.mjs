// Just enough Markdown for the link test: the links of a file (outside code) and the anchors
// GitHub gives its headings.

/** Every link target with its line: inline links and images, reference definitions, HTML href/src. */
export function markdownLinks(markdown) {
  const links = [];
  proseLines(markdown).forEach(({ text, line }) => {
    const prose = text.replace(/`[^`]*`/g, (code) => ' '.repeat(code.length));
    for (const [, target] of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) links.push({ target, line });
    const definition = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/.exec(prose);
    if (definition) links.push({ target: definition[1], line });
    for (const [, target] of prose.matchAll(/\b(?:href|src)="([^"]+)"/g)) links.push({ target, line });
  });
  return links;
}

/** The anchors of a file's headings, as GitHub makes them (a repeated one gets -1, -2, …). */
export function headingSlugs(markdown) {
  const slugs = new Set();
  const seen = new Map();
  for (const { text } of proseLines(markdown)) {
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
    if (!heading) continue;
    const base = slugOf(heading[1]);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    slugs.add(count ? `${base}-${count}` : base);
  }
  return slugs;
}

/** A heading's text as rendered (links by their text, no code marks), lower-cased, punctuation gone. */
export function slugOf(heading) {
  const rendered = heading.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/`/g, '').replace(/<[^>\s]+>/g, (tag) => (tag.startsWith('</') ? '' : tag));
  return rendered
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The lines outside fenced code blocks, numbered from 1. */
function proseLines(markdown) {
  const lines = [];
  let fence = null;
  markdown.split('\n').forEach((text, index) => {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(text)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && text.trim() === marker) fence = null;
      return;
    }
    if (marker) {
      fence = marker;
      return;
    }
    lines.push({ text, line: index + 1 });
  });
  return lines;
}
