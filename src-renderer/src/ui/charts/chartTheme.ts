/**
 * Series colours: CSS variables (styles.css defines them for the light and the dark scheme, each
 * set distinguishable and with enough contrast against its background).
 */
export const SERIES_COLOURS = 8;

export function seriesColour(index: number): string {
  return `var(--chart-${(index % SERIES_COLOURS) + 1})`;
}

/** Axis, grid and text colours follow the scheme too. */
export const AXIS = { stroke: 'var(--muted)', tick: { fill: 'var(--muted)', fontSize: 11 } } as const;
export const GRID = 'var(--border)';
export const TOOLTIP_STYLE = {
  contentStyle: { background: 'var(--surface)', border: '1px solid var(--border)', color: 'var(--text)' },
  labelStyle: { color: 'var(--text)' },
} as const;
