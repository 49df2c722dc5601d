/**
 * The page's data client for the audit log: audit/list requests for a window of rows
 * (ui/table/pageWindow.ts). Given the channel call as an argument, so that it holds no window
 * state of its own and a browser test can drive the very same code through the bridge.
 */
import type { ChannelInput, ChannelOutput } from '../../../../src-main/shared/contract';
import type { AuditOrder, AuditPage } from '../../../../src-main/shared/model/audit-log';
import type { LoadWindowPage, WindowRequest } from '../../ui/table/pageWindow';

export type AuditListCall = (input: ChannelInput<'audit/list'>) => Promise<ChannelOutput<'audit/list'> | null>;

export interface AuditQuery {
  filter: string;
  order: AuditOrder;
  pageSize: number;
}

/**
 * Loads pages for one filter and order. The first page of a start asks for the count estimate;
 * pages further on do not (the window keeps the one it has). Each request has an id of its own;
 * `lastQueryId` is the one Stop cancels on the server.
 */
export type AuditLoader = LoadWindowPage<AuditPage['rows'][number], AuditPage> & {
  /** The id of the last request made, for audit/cancel. */
  lastQueryId: string | null;
};

export function auditPageLoader(call: AuditListCall, query: AuditQuery): AuditLoader {
  const loader: AuditLoader = Object.assign(
    (request: WindowRequest) => {
      const queryId = crypto.randomUUID();
      loader.lastQueryId = queryId;
      return call({
        filter: query.filter,
        order: query.order,
        limit: query.pageSize,
        cursor: request.cursor,
        direction: request.direction,
        at: request.at,
        count: request.cursor === null ? 'estimate' : 'none',
        queryId,
      });
    },
    { lastQueryId: null as string | null },
  );
  return loader;
}
