import { CHANNEL_NAMES } from '../../src-main/shared/contract';

/**
 * Source of the test-only bridge injected into the page (Playwright's addInitScript): the
 * same `window.governance` shape as the preload's (see `Bridge` in the contract), one
 * function per contract channel, carried over loopback HTTP to the test host instead of
 * Electron IPC. Plain JavaScript text, because the page runs it as it stands.
 *
 * A browser gives a dropped File no path; the stand-in for Electron's webUtils.getPathForFile
 * resolves its name in `filesDir`, where a test puts the file it drops.
 */
export function bridgeScript(token: string, filesDir: string): string {
  return `(() => {
  const channelNames = ${JSON.stringify(CHANNEL_NAMES)};
  const token = ${JSON.stringify(token)};
  const filesDir = ${JSON.stringify(filesDir)};
  const listeners = new Set();
  // Events come over SSE; calls wait until it is open, so no call/failed event is missed
  // (Electron's IPC has no such gap).
  const source = new EventSource('/events?token=' + encodeURIComponent(token));
  const opened = new Promise((resolve) => source.addEventListener('open', resolve, { once: true }));
  source.onmessage = (message) => {
    const event = JSON.parse(message.data);
    listeners.forEach((l) => l(event));
  };
  const channels = {};
  for (const name of channelNames) {
    channels[name] = async (input) => {
      await opened;
      const response = await fetch('/rpc/' + name, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-govcon-token': token },
        body: JSON.stringify(input === undefined ? null : input),
      });
      return response.json();
    };
  }
  const bridge = {
    channels: Object.freeze(channels),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    pathForFile(file) {
      return file && typeof file.name === 'string' && file.name ? filesDir + '/' + file.name : null;
    },
  };
  Object.defineProperty(window, 'governance', { value: Object.freeze(bridge), writable: false });
})();`;
}
