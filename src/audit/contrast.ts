type Rgba = readonly [r: number, g: number, b: number, a: number];

const WHITE: Rgba = [255, 255, 255, 1];

/** A computed CSS colour (`rgb(…)`, `rgba(…)`, `color(srgb …)`) as 0–255 channels and alpha, or null. */
export function parseColor(text: string): Rgba | null {
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+)(%?))?\s*\)$/.exec(text.trim());
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3]), alpha(rgb[4], rgb[5])];
  const srgb = /^color\(srgb\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)(?:\s*\/\s*([\d.]+)(%?))?\s*\)$/.exec(text.trim());
  if (srgb) return [Number(srgb[1]) * 255, Number(srgb[2]) * 255, Number(srgb[3]) * 255, alpha(srgb[4], srgb[5])];
  return null;
}

function alpha(value: string | undefined, percent: string | undefined): number {
  if (value === undefined) return 1;
  return percent ? Number(value) / 100 : Number(value);
}

function over(top: Rgba, bottom: Rgba): Rgba {
  const a = top[3];
  return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
}

function luminance([r, g, b]: Rgba): number {
  const linear = (channel: number) => {
    const c = channel / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/**
 * WCAG 2 contrast ratio of a text colour over the backgrounds behind it, listed from the nearest
 * outwards (transparent ones let the next show through; a page with none is white). 0 when a
 * colour cannot be read.
 */
export function contrastRatio(color: string, backgrounds: readonly string[]): number {
  const text = parseColor(color);
  const layers = backgrounds.map(parseColor);
  if (!text || layers.some((layer) => layer === null)) return 0;
  const background = (layers as Rgba[]).reduceRight<Rgba>((below, layer) => over(layer, below), WHITE);
  const [lighter, darker] = [luminance(over(text, background)), luminance(background)].sort((x, y) => y - x) as [number, number];
  return Math.round(((lighter + 0.05) / (darker + 0.05)) * 100) / 100;
}
