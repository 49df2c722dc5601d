/**
 * The bridge, and nothing else: one function per contract channel, one event subscription, and
 * the path of a file dropped on the window. Bundled as a single CommonJS file so the window keeps `sandbox: true`.
 * The renderer gets no ipcRenderer, no Node, and cannot name a channel the contract lacks.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
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
  // The page hands over the File of a drop event; its path is known only here (File.path is gone).
  pathForFile: (file) => webUtils.getPathForFile(file as File) || null,
};

contextBridge.exposeInMainWorld('governance', bridge);
