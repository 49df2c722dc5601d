import type { ChannelName } from '../../shared/contract';
import type { Handler } from '../router';

/** A domain's share of the handler map: exactly the channels it names, each typed. */
export type HandlerGroup<K extends ChannelName> = { [C in K]: Handler<C> };
