/**
 * Where a file dropped on the window goes: the FilePickers on screen register here. A drop on a
 * picker fills that one; a drop anywhere else fills the picker used last, or the first one.
 */
export interface DropTarget {
  element: HTMLElement;
  label: string;
  accept(path: string): void;
}

const targets: DropTarget[] = [];
let lastUsed: DropTarget | null = null;

export function registerDropTarget(target: DropTarget): () => void {
  targets.push(target);
  return () => {
    targets.splice(targets.indexOf(target), 1);
    if (lastUsed === target) lastUsed = null;
  };
}

/** The picker was focused or used: a drop elsewhere on the window goes to it. */
export function markUsed(target: DropTarget): void {
  lastUsed = target;
}

/** The picker for a drop on `element` (null: no picker on screen). */
export function dropTargetFor(element: EventTarget | null): DropTarget | null {
  const inside = targets.find((t) => element instanceof Node && t.element.contains(element));
  return inside ?? lastUsed ?? targets[0] ?? null;
}

export function hasDropTargets(): boolean {
  return targets.length > 0;
}
