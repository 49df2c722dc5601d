import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { HeaderCell } from './HeaderCell';
import { movedRow } from './rowKeys';
import { TableFooter } from './TableFooter';
import type { Column, TableFeed } from './types';
import { useInfiniteScroll } from './useInfiniteScroll';
import { useFocusKeptInRows } from './useFocusKeptInRows';
import { useVirtualRows } from './useVirtualRows';
import { afterRowsDrawn, scrollBoxTo } from './scrollBox';
import './virtual.css';

export interface Selection<T> {
  selected: ReadonlySet<string>;
  onChange(next: Set<string>): void;
  /** Names a row for its checkbox: "Select <label>". */
  label(row: T): string;
}

export interface DataTableProps<T> {
  /** The table's accessible name. */
  label: string;
  columns: readonly Column<T>[];
  feed: TableFeed<T>;
  rowKey(row: T): string;
  /** Shown in place of rows when there are none. */
  empty: string;
  /** data-* attributes of a row (tests and styles find rows by them). */
  rowData?(row: T): Record<`data-${string}`, string>;
  /** The row shown as current (the one open in a drawer, the active connection). */
  activeKey?: string | null;
  /** Enter on a focused row. */
  onOpen?(row: T): void;
  /** Checkboxes, a "select all loaded" box, and Space on a focused row. */
  selection?: Selection<T>;
  compact?: boolean;
  /**
   * Windowing for long lists: rows of this fixed height (px), only those in view drawn; the box
   * scrolls in `height` (CSS). With a both-ways feed (useWindowFeed) scrolling up loads earlier rows.
   */
  virtual?: { rowHeight: number; height: string };
}

/**
 * Every table of the window: columns with optional sorting, rows from a feed that pages by
 * cursor (or reveals rows in memory) with "load more" and infinite scroll, an empty state,
 * selection, and keyboard navigation when rows can be opened or selected. A paged table scrolls
 * in its own box under a header that stays in view. A table whose rows open or select is an
 * ARIA grid: one row is in the tab order; arrow keys, PageUp/PageDown, Home and End move the focus
 * between rows (ArrowDown on the last loads more), Ctrl+Home and Ctrl+End start a both-ways feed
 * again at its first or last row and focus it, Enter opens, Space selects. A row that scrolls out
 * of a windowed table's drawn rows does not take the keyboard with it (useFocusKeptInRows.ts).
 */
export function DataTable<T>(props: DataTableProps<T>): React.JSX.Element {
  const { label, columns, feed, rowKey, empty, rowData, activeKey, onOpen, selection, compact, virtual } = props;
  const [focused, setFocused] = useState(0);
  const autoLoad = feed.paged && feed.hasMore && !feed.loading && !feed.failed;
  const { root: scrollBox, end } = useInfiniteScroll(autoLoad, feed.requestMore, feed.rows.length);
  const requestBefore = feed.hasBefore && !feed.loading && !feed.failed ? feed.requestBefore : undefined;
  const rowHeight = virtual?.rowHeight ?? 0;
  const win = useVirtualRows(scrollBox, virtual !== undefined, rowHeight, feed.rows.length, feed.firstIndex ?? 0, requestBefore);
  const interactive = onOpen !== undefined || selection !== undefined;
  const focusKeeper = useFocusKeptInRows(scrollBox, interactive);
  // After a start at an end (a jump, a new filter) the box scrolls to where its rows begin; when
  // the keyboard was in the rows (Ctrl+End, Ctrl+Home), the focus goes to that end's row.
  const placed = useRef(0);
  useLayoutEffect(() => {
    const box = scrollBox.current;
    if (!box || feed.starts === undefined || feed.loading || placed.current === feed.starts) return;
    placed.current = feed.starts;
    const atEnd = feed.startedAt === 'end';
    scrollBoxTo(box, atEnd ? box.scrollHeight : 0);
    if (!focusKeeper.holds()) return;
    const edge = atEnd ? feed.rows.length - 1 : 0;
    afterRowsDrawn(() => box.querySelector<HTMLElement>(`tbody tr[data-index="${edge}"]`)?.focus({ preventScroll: true }));
  });
  // Once per set of rows, not per scroll frame (a windowed table re-renders as it scrolls).
  const keys = useMemo(() => feed.rows.map(rowKey), [feed.rows, rowKey]);
  const tabStop = Math.min(focused, keys.length - 1);
  const width = columns.length + (selection ? 1 : 0);
  // Tells assistive technology where a row sits among all of them, loaded or not (header included).
  const rowCount = feed.paged && feed.total !== null && !virtual ? feed.total + 1 : undefined;

  const toggle = (key: string) => {
    if (!selection) return;
    const next = new Set(selection.selected);
    if (!next.delete(key)) next.add(key);
    selection.onChange(next);
  };
  const allSelected = selection !== undefined && keys.length > 0 && keys.every((k) => selection.selected.has(k));
  const someSelected = selection !== undefined && keys.some((k) => selection.selected.has(k));

  const onRowKey = (event: React.KeyboardEvent<HTMLTableRowElement>, index: number, row: T) => {
    // Keys pressed in a cell's own controls (a checkbox, a button) are theirs.
    if (event.target !== event.currentTarget) return;
    if (event.key === 'Enter' && onOpen) {
      event.preventDefault();
      onOpen(row);
      return;
    }
    if ((event.key === 'End' || event.key === 'Home') && (event.ctrlKey || event.metaKey) && feed.jumpTo) {
      event.preventDefault();
      feed.jumpTo(event.key === 'End' ? 'end' : 'start');
      return;
    }
    if (event.key === ' ' && selection) {
      event.preventDefault();
      toggle(keys[index]);
      return;
    }
    const next = movedRow(event.key, index, keys.length);
    if (next === null) return;
    event.preventDefault();
    if (next < keys.length) {
      const body = event.currentTarget.parentElement;
      // A windowed table draws only the rows near the view: bring the target row in first.
      if (virtual && !body?.querySelector(`tr[data-index="${next}"]`) && scrollBox.current) {
        scrollBoxTo(scrollBox.current, next * rowHeight);
        afterRowsDrawn(() => body?.querySelector<HTMLElement>(`tr[data-index="${next}"]`)?.focus());
      } else body?.querySelector<HTMLElement>(`tr[data-index="${next}"]`)?.focus();
    } else if (feed.hasMore && !feed.loading) feed.requestMore();
  };

  const sortBy = (column: Column<T>) => {
    feed.sortBy(column);
    // A new order starts from its first rows.
    scrollBox.current?.scrollTo({ top: 0 });
  };

  // A paged table scrolls in a box of its own, so what follows it on the page stays in reach
  // however many rows it loads.
  return (
    <div
      className={`data-table${feed.paged ? ' scrolls' : ''}${virtual ? ' virtual' : ''}`}
      data-table={label}
      ref={scrollBox}
      onScroll={virtual ? win.onScroll : undefined}
      style={virtual ? ({ height: virtual.height, '--row-height': `${rowHeight}px` } as React.CSSProperties) : undefined}
    >
      <table
        className={`grid${compact ? ' compact' : ''}`}
        aria-label={label}
        role={interactive ? 'grid' : undefined}
        aria-multiselectable={selection ? true : undefined}
        aria-busy={feed.loading || undefined}
        aria-rowcount={rowCount}
      >
        <thead>
          <tr>
            {selection && (
              <th scope="col" className="select">
                <input
                  type="checkbox"
                  aria-label="Select all loaded"
                  checked={allSelected}
                  ref={(box) => {
                    if (box) box.indeterminate = someSelected && !allSelected;
                  }}
                  disabled={keys.length === 0}
                  onChange={() => selection.onChange(allSelected ? new Set() : new Set(keys))}
                />
              </th>
            )}
            {columns.map((column) => (
              <HeaderCell key={column.id} column={column} feed={feed} onSort={sortBy} />
            ))}
          </tr>
        </thead>
        <tbody onFocus={focusKeeper.onFocus} onBlur={focusKeeper.onBlur}>
          {win.padTop > 0 && <tr className="spacer" aria-hidden="true" style={{ height: win.padTop }} />}
          {feed.rows.slice(win.start, win.end).map((row, offset) => {
            const index = win.start + offset;
            const key = keys[index];
            const selected = selection?.selected.has(key);
            return (
              <tr
                key={key}
                {...rowData?.(row)}
                data-index={index}
                className={key === activeKey ? 'active' : undefined}
                tabIndex={interactive ? (index === tabStop ? 0 : -1) : undefined}
                aria-selected={selection ? selected : undefined}
                aria-rowindex={rowCount === undefined ? undefined : index + 2}
                onFocus={interactive ? () => setFocused(index) : undefined}
                onKeyDown={interactive ? (event) => onRowKey(event, index, row) : undefined}
              >
                {selection && (
                  <td className="select">
                    <input
                      type="checkbox"
                      tabIndex={-1}
                      aria-label={`Select ${selection.label(row)}`}
                      checked={selected}
                      onChange={() => toggle(key)}
                    />
                  </td>
                )}
                {columns.map((column) => (
                  <td key={column.id} className={column.numeric ? 'num' : undefined}>
                    {column.cell(row)}
                  </td>
                ))}
              </tr>
            );
          })}
          {win.padBottom > 0 && <tr className="spacer" aria-hidden="true" style={{ height: win.padBottom }} />}
          {feed.rows.length === 0 && (
            <tr>
              <td colSpan={width} className="muted" data-testid="table-empty">
                {feed.loading ? 'Loading…' : feed.failed ? 'These rows could not be loaded: the reason is in the message.' : empty}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {feed.paged && <TableFooter feed={feed} end={end} />}
    </div>
  );
}
