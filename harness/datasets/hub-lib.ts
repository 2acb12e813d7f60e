// @huggingface/hub loaded at first use: with its WASM chunkers it costs ~90 ms and ~12 MB at start-up,
// which every command paid although only a dataset download (or --hub listing) needs it.
import type { HubApiError } from '@huggingface/hub';

export type HubLib = typeof import('@huggingface/hub');

let lib: HubLib | undefined;

export async function hubLib(): Promise<HubLib> {
  lib ??= await import('@huggingface/hub');
  return lib;
}

/** The library's HTTP error. Only the library's calls throw one, so it is loaded whenever one exists. */
export function isHubApiError(err: unknown): err is HubApiError {
  return lib !== undefined && err instanceof lib.HubApiError;
}
