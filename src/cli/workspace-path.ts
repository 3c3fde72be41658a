import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where a command finds the workspace definitions: `--config` (a cairn.yaml, or a folder holding
 * one), else CAIRN_CONFIG, else ./cairn.yaml. A missing file fails here with what was looked for
 * and how to point the command elsewhere (`pointing`), rather than as a bare "cannot read".
 */
export function workspaceConfig(given: string | undefined, pointing: string): string {
  const named = given || process.env.CAIRN_CONFIG || '';
  const path = named && isFolder(named) ? join(named, 'cairn.yaml') : named || 'cairn.yaml';
  if (existsSync(path)) return path;
  const source = given
    ? 'as given'
    : process.env.CAIRN_CONFIG
      ? 'from CAIRN_CONFIG'
      : 'in the current folder, the default';
  throw new Error(
    `no workspace definitions at ${path} (looked ${source}); point to one with ${pointing} ` +
      `(this repository's example: examples/saas)`,
  );
}

/** A single folder argument that holds a cairn.yaml names the workspace, not scenario files. */
export function isWorkspaceFolder(path: string): boolean {
  return isFolder(path) && existsSync(join(path, 'cairn.yaml'));
}

function isFolder(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}
