// Settings from the client: `initializationOptions.settings.goEscape` at start, then
// `workspace/configuration` per resource for clients that answer it, and
// `workspace/didChangeConfiguration` for changes.
import { Connection, DidChangeConfigurationNotification } from 'vscode-languageserver/node';
import { DEFAULT_SETTINGS, Settings, mergeSettings } from '../session/settings';
import type { SettingsFetcher } from '../session/settingsStore';
import type { Session } from '../session/session';
import { URI } from '../session/uri';

export interface ConfigurationCapabilities {
  /** The client answers `workspace/configuration`. */
  pull: boolean;
  /** The client lets the server register for `workspace/didChangeConfiguration`. */
  register: boolean;
}

/** Settings from initializationOptions, over the defaults. */
export function initialSettings(initializationOptions: unknown): Settings {
  const opts = (initializationOptions ?? {}) as { settings?: { goEscape?: unknown } };
  return mergeSettings(DEFAULT_SETTINGS, opts.settings?.goEscape);
}

/** Asks the client for the settings of a file's folder, when it can answer. */
export function settingsFetcher(connection: Connection, caps: ConfigurationCapabilities): SettingsFetcher | undefined {
  if (!caps.pull) return undefined;
  return (file) => connection.workspace.getConfiguration({ scopeUri: URI.fromFile(file), section: 'goEscape' });
}

/** Asks to hear of configuration changes, for clients that want the server to register (after initialized). */
export function registerForChanges(connection: Connection, caps: ConfigurationCapabilities): void {
  if (caps.pull && caps.register) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'goEscape' }).catch(() => {});
  }
}

export function registerConfiguration(connection: Connection, session: () => Session, caps: ConfigurationCapabilities): void {
  connection.onDidChangeConfiguration(async (change) => {
    const s = session();
    let base = s.settings.baseSettings;
    const raw = (change.settings as { goEscape?: unknown } | undefined)?.goEscape;
    if (caps.pull) {
      // Clients that answer workspace/configuration are asked for the new values.
      const pulled = await connection.workspace.getConfiguration({ section: 'goEscape' }).catch(() => undefined);
      if (pulled) base = mergeSettings(DEFAULT_SETTINGS, pulled);
    } else if (raw) {
      base = mergeSettings(DEFAULT_SETTINGS, raw);
    }
    s.configurationChanged(base);
  });
}
