import { closeSync, fsyncSync, openSync } from 'node:fs';
import { relative, sep } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';

/**
 * PGlite keeps its data directory on the host through Emscripten's NODEFS, whose streams
 * have no `fsync`: PostgreSQL's fsync calls return success and reach no disk, and its
 * `fdatasync` is a no-op too. So an OS crash or power loss could lose a commit PostgreSQL
 * had acknowledged, even with `fsync=on`. This gives NODEFS streams a real `fsync`
 * (files by descriptor, directories by opening them), and `wal_sync_method=fsync` makes
 * PostgreSQL flush its WAL through it before each commit is acknowledged.
 */
export const DURABLE_START_PARAMS = ['-c', 'fsync=on', '-c', 'wal_sync_method=fsync', '-c', 'full_page_writes=on'];

interface NodeFsStream {
  nfd?: number;
  node: { mode: number };
}

interface EmscriptenFs {
  filesystems: {
    NODEFS: {
      stream_ops: { fsync?: (stream: NodeFsStream) => number };
      realPath(node: NodeFsStream['node']): string;
    };
  };
  isDir(mode: number): boolean;
}

/** Host fsyncs so far, by the data directory's top-level entry (`pg_wal`, `base`, …): what a test can check. */
export type SyncCounts = Map<string, number>;

const counts = new WeakMap<PGlite, SyncCounts>();

/** Makes PostgreSQL's fsyncs real for this PGlite instance; idempotent. */
export function enableHostFsync(pglite: PGlite, dataDir: string): void {
  if (counts.has(pglite)) return;
  const fs = (pglite as unknown as { Module: { FS: EmscriptenFs } }).Module.FS;
  const nodefs = fs.filesystems.NODEFS;
  const synced: SyncCounts = new Map();
  counts.set(pglite, synced);
  nodefs.stream_ops.fsync = (stream) => {
    const path = nodefs.realPath(stream.node);
    if (typeof stream.nfd === 'number') {
      fsyncSync(stream.nfd);
    } else if (fs.isDir(stream.node.mode)) {
      // A new or renamed file is durable only once its directory entry is.
      const fd = openSync(path, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    const area = relative(dataDir, path).split(sep)[0] || '.';
    synced.set(area, (synced.get(area) ?? 0) + 1);
    return 0;
  };
}

export function hostSyncCounts(pglite: PGlite): SyncCounts | undefined {
  return counts.get(pglite);
}
