// A Hugging Face Hub stand-in on 127.0.0.1 for tests. It serves the endpoints @huggingface/hub v2 calls
// (read from its src/lib: list-files.ts, paths-info.ts, dataset-info.ts / model-info.ts,
// file-download-info.ts + utils/WebBlob.ts) with the Hub's headers and error codes
// (X-Error-Code: RepoNotFound | RevisionNotFound | EntryNotFound | GatedRepo, as huggingface_hub's
// utils/_http.py hf_raise_for_status reads them).
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type MockContent = string | Uint8Array;

export interface MockHubOptions {
  /** repo id → commit sha (oldest first) → path → content. Uint8Array contents are served as LFS files. */
  repos: Record<string, Record<string, Record<string, MockContent>>>;
  /** repo id → branch/tag → commit. `main` defaults to the repo's last commit. */
  refs?: Record<string, Record<string, string>>;
  /** Repos served as models (under `/api/models/…` and `/<repo>/resolve/…`); the rest are datasets. */
  models?: string[];
  /** Every request must carry `Authorization: Bearer <token>`, else 401. */
  requireToken?: string;
  /** Repos that answer 403 GatedRepo whatever the token. */
  gated?: string[];
}

export interface MockRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
}

export interface MockHub {
  url: string;
  requests: MockRequest[];
  close(): Promise<void>;
}

interface FileEntry {
  bytes: Buffer;
  oid: string;
  lfs?: { oid: string; size: number; pointerSize: number };
  lastCommit: { id: string; title: string; date: string };
}

const gitOid = (b: Buffer) => createHash('sha1').update(`blob ${b.length}\0`).update(b).digest('hex');
const DATE = '2024-01-01T00:00:00.000Z';

/** Per commit, per path: the git/LFS ids and the last commit that changed the file, as the tree API reports. */
function index(commits: Record<string, Record<string, MockContent>>): Map<string, Map<string, FileEntry>> {
  const out = new Map<string, Map<string, FileEntry>>();
  let prev = new Map<string, FileEntry>();
  for (const [sha, files] of Object.entries(commits)) {
    const cur = new Map<string, FileEntry>();
    for (const [path, content] of Object.entries(files)) {
      const bytes = Buffer.from(content);
      const before = prev.get(path);
      if (before && before.bytes.equals(bytes)) {
        cur.set(path, before);
        continue;
      }
      const entry: FileEntry = { bytes, oid: gitOid(bytes), lastCommit: { id: sha, title: `update ${path}`, date: DATE } };
      if (typeof content !== 'string') {
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        const pointer = Buffer.from(`version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${bytes.length}\n`);
        entry.oid = gitOid(pointer);
        entry.lfs = { oid: sha256, size: bytes.length, pointerSize: pointer.length };
      }
      cur.set(path, entry);
    }
    out.set(sha, cur);
    prev = cur;
  }
  return out;
}

class Reply extends Error {
  constructor(readonly status: number, readonly code: string | null, message: string) {
    super(message);
  }
}

export async function startMockHub(opts: MockHubOptions): Promise<MockHub> {
  const requests: MockRequest[] = [];
  const repos = new Map(Object.entries(opts.repos).map(([id, commits]) => [id, index(commits)]));

  const findRepo = (type: 'dataset' | 'model', id: string) => {
    const files = repos.get(id);
    if (!files || (opts.models ?? []).includes(id) !== (type === 'model')) throw new Reply(404, 'RepoNotFound', 'Repository not found');
    if (opts.gated?.includes(id)) {
      throw new Reply(403, 'GatedRepo', `Access to ${type} ${id} is restricted. You must have access to it and be authenticated to access it.`);
    }
    return { id, files };
  };
  const commitOf = (repo: { id: string; files: Map<string, Map<string, FileEntry>> }, rev: string) => {
    const shas = [...repo.files.keys()];
    const sha = repo.files.has(rev) ? rev : (opts.refs?.[repo.id]?.[rev] ?? (rev === 'main' || rev === 'HEAD' ? shas.at(-1) : undefined));
    const files = sha === undefined ? undefined : repo.files.get(sha);
    if (sha === undefined || !files) throw new Reply(404, 'RevisionNotFound', `Invalid rev id: ${rev}`);
    return { sha, files };
  };

  function route(req: IncomingMessage, body: string): { status: number; headers: Record<string, string>; body: Buffer | string } {
    const url = new URL(req.url ?? '/', 'http://x');
    const seg = url.pathname.split('/').slice(1).map(decodeURIComponent);
    const api = seg[0] === 'api';
    const rest = api ? seg.slice(1) : seg;
    let type: 'dataset' | 'model' = 'model';
    if (rest[0] === 'datasets' || (api && rest[0] === 'models')) type = rest.shift() === 'datasets' ? 'dataset' : 'model';
    // Repo ids are `owner/name` (or a bare legacy `name`): the verb follows them.
    const verbs = api ? ['tree', 'paths-info', 'revision'] : ['resolve'];
    const at = verbs.includes(rest[2] ?? '') ? 2 : verbs.includes(rest[1] ?? '') ? 1 : -1;
    if (at < 0) throw new Reply(404, null, `no route for ${url.pathname}`);
    const repo = findRepo(type, rest.slice(0, at).join('/'));
    const [verb, rev = 'main', ...pathParts] = rest.slice(at);
    const path = pathParts.join('/');
    const { sha, files } = commitOf(repo, rev);
    const json = (v: unknown) => ({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(v) });

    if (verb === 'revision') {
      return json({ _id: `mock-${repo.id}`, id: repo.id, sha, private: !!opts.requireToken, gated: false,
        disabled: false, downloads: 0, likes: 0, lastModified: DATE, tags: [] });
    }
    const entry = (p: string, f: FileEntry, expand: boolean) => ({
      type: 'file', path: p, oid: f.oid, size: f.bytes.length, ...(f.lfs ? { lfs: f.lfs } : {}),
      ...(expand ? { lastCommit: f.lastCommit, securityFileStatus: { status: 'safe' } } : {}),
    });
    if (verb === 'paths-info' && req.method === 'POST') {
      const asked = JSON.parse(body || '{}') as { paths?: string[]; expand?: boolean };
      // Like the Hub, paths that do not exist are left out rather than failing the request.
      return json((asked.paths ?? []).flatMap((p) => {
        const f = files.get(p);
        return f ? [entry(p, f, !!asked.expand)] : [];
      }));
    }
    if (verb === 'tree') {
      const recursive = url.searchParams.get('recursive') === 'true';
      const expand = url.searchParams.get('expand') === 'true';
      const prefix = path ? `${path}/` : '';
      const under = [...files.keys()].filter((p) => p.startsWith(prefix)).sort();
      if (path && under.length === 0) throw new Reply(404, 'EntryNotFound', `Entry not found: ${path}`);
      const dirs = new Set<string>();
      const out: unknown[] = [];
      for (const p of under) {
        const parts = p.slice(prefix.length).split('/');
        for (let i = 1; i < parts.length && (recursive || i === 1); i++) dirs.add(prefix + parts.slice(0, i).join('/'));
        if (recursive || parts.length === 1) out.push(entry(p, files.get(p)!, expand));
      }
      return json([...[...dirs].sort().map((d) => ({ type: 'directory', path: d, oid: gitOid(Buffer.from(d)), size: 0 })), ...out]);
    }
    if (verb === 'resolve' && (req.method === 'GET' || req.method === 'HEAD')) {
      const f = files.get(path);
      if (!f) throw new Reply(404, 'EntryNotFound', 'Entry not found');
      const size = f.bytes.length;
      const headers: Record<string, string> = {
        'content-type': 'application/octet-stream', 'accept-ranges': 'bytes', 'x-repo-commit': sha,
        etag: `"${f.lfs?.oid ?? f.oid}"`, ...(f.lfs ? { 'x-linked-etag': `"${f.lfs.oid}"`, 'x-linked-size': String(size) } : {}),
      };
      const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
      if (range && size > 0) {
        const start = Number(range[1]);
        const end = Math.min(range[2] ? Number(range[2]) : size - 1, size - 1);
        if (start > end) return { status: 416, headers: { 'content-range': `bytes */${size}` }, body: '' };
        headers['content-range'] = `bytes ${start}-${end}/${size}`;
        return { status: 206, headers, body: f.bytes.subarray(start, end + 1) };
      }
      return { status: 200, headers, body: f.bytes };
    }
    throw new Reply(405, null, `${req.method} not allowed on ${url.pathname}`);
  }

  function checkAuth(req: IncomingMessage): void {
    if (!opts.requireToken) return;
    const auth = req.headers.authorization;
    if (auth === `Bearer ${opts.requireToken}`) return;
    // The Hub hides private repos from anonymous callers behind a 401 "Repository not found".
    if (!auth) throw new Reply(401, 'RepoNotFound', 'Repository not found');
    throw new Reply(401, null, 'Invalid credentials in Authorization header');
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers });
      let out: { status: number; headers: Record<string, string>; body: Buffer | string };
      try {
        checkAuth(req);
        out = route(req, Buffer.concat(chunks).toString('utf8'));
      } catch (err) {
        const r = err instanceof Reply ? err : new Reply(500, null, String(err));
        out = { status: r.status, headers: { 'content-type': 'application/json', ...(r.code ? { 'x-error-code': r.code } : {}),
          'x-error-message': r.message }, body: JSON.stringify({ error: r.message }) };
      }
      const body = typeof out.body === 'string' ? Buffer.from(out.body) : out.body;
      res.writeHead(out.status, { ...out.headers, 'content-length': String(body.length) });
      res.end(req.method === 'HEAD' ? undefined : body);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((ok, fail) => {
        server.close((err) => (err ? fail(err) : ok()));
        server.closeAllConnections(); // fetch keeps sockets alive; the test wants the port dead now
      }),
  };
}
