import { readFileSync } from 'node:fs';

/** A node of V8's sampling heap profile (HeapProfiler.stopSampling). */
interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapNode[];
}

/**
 * Summarizes a sampling heap profile taken with collected objects included: bytes
 * allocated per request, by package and by function — what makes the heap grow under load.
 */
export function printHeapSummary(file: string, requests: number, rows = 20): void {
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  const walk = (node: HeapNode) => {
    const url = node.callFrame.url.replace(/^file:\/\//, '').replace(`${process.cwd()}/`, '');
    const modules = url.lastIndexOf('node_modules/');
    const where = modules >= 0 ? url.slice(modules + 'node_modules/'.length) : url || '(native)';
    const name = `${node.callFrame.functionName || '(anonymous)'} ${where}:${node.callFrame.lineNumber + 1}`;
    const parts = where.split('/');
    const pkg = modules >= 0 ? (parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]) : parts.slice(0, 2).join('/');
    byFunction.set(name, (byFunction.get(name) ?? 0) + node.selfSize);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + node.selfSize);
    for (const child of node.children) walk(child);
  };
  walk((JSON.parse(readFileSync(file, 'utf8')) as { head: HeapNode }).head);
  const total = [...byPackage.values()].reduce((sum, bytes) => sum + bytes, 0);
  const line = ([name, bytes]: [string, number]) => `${(bytes / requests / 1024).toFixed(1).padStart(8)} KB/request  ${name}`;
  console.log(`${file}: ${(total / requests / 1024).toFixed(0)} KB allocated per request (sampled)\n\nby package:`);
  for (const entry of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(line(entry));
  console.log('\nby function:');
  for (const entry of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, rows)) console.log(line(entry));
}
