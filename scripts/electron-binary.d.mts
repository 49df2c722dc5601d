/** Types of scripts/electron-binary.mjs, for the TypeScript tests that use it. */
export function locateElectron(root: string, env?: NodeJS.ProcessEnv): { path: string } | { reason: string };
export function downloadElectron(root: string): boolean;
