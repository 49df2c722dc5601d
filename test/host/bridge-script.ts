import { CHANNEL_NAMES } from '../../src-main/shared/contract';

/**
 * Source of the test-only bridge injected into the page (Playwright's addInitScript): the
 * same `window.governance` shape as the preload's (see `Bridge` in the contract), one
 * function per contract channel, carried over loopback HTTP to the test host instead of
 * Electron IPC. Plain JavaScript text, because the page runs it as it stands.
 */
export function bridgeScript(token: string): string {
  return `(() => {
  const channelNames = ${JSON.stringify(CHANNEL_NAMES)};
  const token = ${JSON.stringify(token)};
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
  };
  Object.defineProperty(window, 'governance', { value: Object.freeze(bridge), writable: false });
})();`;
}
