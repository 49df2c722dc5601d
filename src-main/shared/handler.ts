import type { ChannelName } from './contract';
import type { Handler } from '../ipc/router';

/** A domain's share of the handler map: exactly the channels it names, each typed. */
export type HandlerGroup<K extends ChannelName> = { [C in K]: Handler<C> };
