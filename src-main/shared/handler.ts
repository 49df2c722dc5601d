/**
 * The frame of an IPC handler: what a domain implements for each channel it owns. Here, not in
 * ipc/, so that a domain folder can hold its own handlers without importing the router.
 */
import type { ChannelName, ChannelOutput, ChannelParsedInput } from './contract';

/** One channel's handler: the validated input in, the contract's output type out. */
export type Handler<C extends ChannelName> = (input: ChannelParsedInput<C>) => Promise<ChannelOutput<C>>;

/** Every channel's handler: what the router needs (`satisfies Handlers` proves none is missing). */
export type Handlers = { [C in ChannelName]: Handler<C> };

/** A domain's share of the handler map: exactly the channels it names, each typed. */
export type HandlerGroup<K extends ChannelName> = { [C in K]: Handler<C> };
