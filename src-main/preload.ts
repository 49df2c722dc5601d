/**
 * The bridge, and nothing else: one function per contract channel, plus one event
 * subscription. Bundled as a single CommonJS file so the window keeps `sandbox: true`.
 * The renderer gets no ipcRenderer, no Node, and cannot name a channel the contract lacks.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNEL_NAMES, EVENT_TRANSPORT, type AppEvent, type Bridge } from './shared/contract';

const bridgeChannels = Object.fromEntries(
  CHANNEL_NAMES.map((name) => [name, (input: unknown) => ipcRenderer.invoke(name, input)]),
) as Bridge['channels'];

const bridge: Bridge = {
  channels: bridgeChannels,
  onEvent(listener) {
    const wrapped = (_event: IpcRendererEvent, appEvent: AppEvent) => listener(appEvent);
    ipcRenderer.on(EVENT_TRANSPORT, wrapped);
    return () => {
      ipcRenderer.removeListener(EVENT_TRANSPORT, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('governance', bridge);
