import type { Column, TableFeed } from './types';

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const;

interface HeaderCellProps<T> {
  column: Column<T>;
  feed: TableFeed<T>;
  onSort(column: Column<T>): void;
}

/** A column's header: a button that sorts by it when the feed can and there is anything to order. */
export function HeaderCell<T>({ column, feed, onSort }: HeaderCellProps<T>): React.JSX.Element {
  const direction = feed.sort?.by === column.id ? feed.sort.direction : null;
  const sortable = feed.canSort(column) && (feed.total ?? feed.rows.length) > 1;
  return (
    <th
      scope="col"
      className={column.numeric ? 'num' : undefined}
      aria-sort={direction ? ARIA_SORT[direction] : undefined}
      style={column.width ? { width: column.width } : undefined}
    >
      {sortable ? (
        <button type="button" className="sort" onClick={() => onSort(column)}>
          {column.header}
          <span className="sort-mark" aria-hidden="true">
            {direction === 'asc' ? '▲' : direction === 'desc' ? '▼' : '↕'}
          </span>
        </button>
      ) : (
        column.header
      )}
    </th>
  );
}
