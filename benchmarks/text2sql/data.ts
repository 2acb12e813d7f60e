// Where the questions and databases come from: `--data PATH` (a local folder in the official
// layout, or its questions file), a Hub repo at a revision (`opts.hub.repo`), else the bundled
// sample in benchmarks/text2sql/data/. Every file that changes results (questions, schema file,
// each database used, description CSVs when shown) is hashed into the DatasetInfo.
import { hubListFiles, type HubOptions } from '../../harness/datasets/hub.js';
import { resolveDataFiles } from '../../harness/datasets/source.js';
import type { DataIssue, DatasetInfo } from '../../harness/types.js';
import {
  descriptionDirRel, findLayout, listingProbe, localProbe, resolveLocalLayout, suiteDbRels,
  type FileProbe, type Flavor, type Layout,
} from './layout.js';
import { loadQuestions, type SqlSample } from './load.js';
import { bundledDataDir } from './paths.js';

export interface Text2SqlData {
  layout: Layout;
  probe: FileProbe;
  samples: SqlSample[];
  issues: DataIssue[];
  info: DatasetInfo;
  warning?: string;
}

export interface DataRequest {
  flavor: Flavor;
  data?: string;
  split?: string;
  hub?: { repo?: string; revision?: string };
  /** Hash BIRD's description CSVs too (they are in the prompt). */
  withDescriptions: boolean;
  hubOptions?: HubOptions;
}

/** Dataset-relative files the run depends on besides the questions file. */
function dependentFiles(layout: Layout, probe: FileProbe, samples: readonly SqlSample[], withDescriptions: boolean): { files: string[]; optional: string[] } {
  const files: string[] = [];
  const optional: string[] = layout.tablesRel ? [layout.tablesRel] : [];
  for (const dbId of [...new Set(samples.map((s) => s.dbId))].sort()) {
    files.push(...suiteDbRels(layout, probe, dbId));
    const desc = withDescriptions ? descriptionDirRel(layout, probe, dbId) : null;
    if (desc) optional.push(...probe.list(desc).filter((f) => f.toLowerCase().endsWith('.csv')).sort().map((f) => `${desc}/${f}`));
  }
  return { files, optional };
}

async function openLocal(req: DataRequest, path: string): Promise<Text2SqlData> {
  const layout = resolveLocalLayout(req.flavor, path, req.split);
  const probe = localProbe(layout.root);
  const { samples, issues } = await loadQuestions(layout, probe);
  const dep = dependentFiles(layout, probe, samples, req.withDescriptions);
  const resolved = await resolveDataFiles({
    data: layout.root, files: [layout.questionsRel, ...dep.files], optionalFiles: dep.optional, split: layout.split,
  });
  return { layout, probe, samples, issues, info: resolved.info };
}

async function openHub(req: DataRequest, repo: string, revision: string): Promise<Text2SqlData> {
  // One listing finds the layout; the questions come first, then only the databases they use.
  const listing = await hubListFiles({ ...req.hubOptions, repo, revision });
  const probe = listingProbe(listing);
  const found = findLayout(req.flavor, `hf:${repo}`, probe, req.split);
  const first = await resolveDataFiles(
    { hubRepo: repo, hubRevision: revision, files: [found.questionsRel], split: found.split },
    req.hubOptions,
  );
  const layout: Layout = { ...found, root: first.root };
  const { samples, issues } = await loadQuestions(layout, probe);
  const dep = dependentFiles(layout, probe, samples, req.withDescriptions);
  const resolved = await resolveDataFiles(
    {
      hubRepo: repo, hubRevision: first.info.revision ?? revision,
      files: [layout.questionsRel, ...dep.files], optionalFiles: dep.optional, split: layout.split,
    },
    req.hubOptions,
  );
  // Keep the revision as asked (a branch stays visible as unpinned in the manifest's warning).
  return { layout, probe, samples, issues, info: resolved.info, ...(first.warning ? { warning: first.warning } : {}) };
}

export async function openText2SqlData(req: DataRequest): Promise<Text2SqlData> {
  if (req.data !== undefined) return openLocal(req, req.data);
  if (req.hub?.repo) return openHub(req, req.hub.repo, req.hub.revision ?? 'main');
  return openLocal(req, bundledDataDir(req.flavor));
}
