// Hub settings and repo kinds: shared by hub.ts and hub-errors.ts without an import cycle.

export type HubRepoType = 'dataset' | 'model';

export interface HubOptions {
  accessToken?: string;
  hubUrl?: string;
  cacheDir?: string;
  offline?: boolean;
  /** Environment the settings are read from (default `process.env`). */
  env?: Record<string, string | undefined>;
}

/** Resolved settings, safe to print: the token itself is never part of it. */
export interface HubSettings {
  hubUrl: string;
  cacheDir: string;
  offline: boolean;
  /** Where the token came from (`HF_TOKEN`, `HUGGING_FACE_HUB_TOKEN`, `option`), or null. */
  tokenSource: string | null;
}
