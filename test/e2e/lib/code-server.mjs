// A private code-server (VS Code 1.100 in the browser) with its own user data, extensions and
// config folders, quiet offline, and set up so that automated typing lands exactly as typed.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { codeServerEntry } from './paths.mjs';
import { freePort, startGroup, waitFor } from './processes.mjs';

const run = promisify(execFile);

export const userSettings = {
  // Offline and quiet: nothing to download, no prompts.
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  // What is typed is what lands in the buffer, and nothing is saved behind the test's back.
  'files.autoSave': 'off',
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.autoClosingOvertype': 'never',
  'editor.autoSurround': 'never',
  'editor.autoIndent': 'none',
  'editor.formatOnType': false,
  'editor.formatOnSave': false,
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.acceptSuggestionOnEnter': 'off',
  'editor.parameterHints.enabled': false,
  'editor.inlineSuggest.enabled': false,
  'editor.hover.delay': 300,
  'editor.minimap.enabled': false,
  'editor.stickyScroll.enabled': false,
};

// Lays out the folders code-server reads and returns the environment and flags that point at them.
export function prepareProfile(root, settings = {}) {
  const dirs = {
    userData: join(root, 'user-data'),
    extensions: join(root, 'extensions'),
    xdgConfig: join(root, 'xdg-config'),
    xdgData: join(root, 'xdg-data'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify({ ...userSettings, ...settings }, null, 2));
  const config = join(root, 'config.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');
  const env = { ...process.env, XDG_CONFIG_HOME: dirs.xdgConfig, XDG_DATA_HOME: dirs.xdgData };
  const flags = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--config', config];
  return { dirs, env, flags };
}

export async function installExtension(profile, vsix) {
  const { stdout, stderr } = await run(process.execPath, [codeServerEntry, ...profile.flags, '--install-extension', vsix], {
    env: profile.env,
    timeout: 120_000,
  });
  const output = stdout + stderr;
  if (!/successfully installed/i.test(output)) throw new Error(`installing ${vsix} failed:\n${output}`);
  return output.trim();
}

// Starts code-server on a free loopback port and resolves once it answers HTTP.
export async function startCodeServer(profile, { log }) {
  const port = await freePort();
  const child = startGroup(
    process.execPath,
    [codeServerEntry, ...profile.flags, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override'],
    { env: profile.env, log },
  );
  const exited = new Promise((_, reject) => child.once('exit', (code, signal) =>
    reject(new Error(`code-server exited early (code ${code}, signal ${signal}); see its log`))));
  exited.catch(() => {});
  const url = `http://127.0.0.1:${port}`;
  await Promise.race([
    exited,
    waitFor('code-server to answer', async () => {
      try {
        const response = await fetch(`${url}/healthz`);
        return response.ok;
      } catch {
        return false;
      }
    }, { timeoutMs: 60_000 }),
  ]);
  return { child, url };
}
