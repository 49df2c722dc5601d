/** Moves a scroll box (outside React's render: the DOM element is ours to change). */
export function scrollBoxTo(el: HTMLElement, top: number): void {
  el.scrollTop = top;
}

export function scrollBoxBy(el: HTMLElement, delta: number): void {
  el.scrollTop += delta;
}

/** Runs `fn` once a windowed table has drawn the rows a scroll brings in: two frames later. */
export function afterRowsDrawn(fn: () => void): void {
  requestAnimationFrame(() => requestAnimationFrame(fn));
}
