import { readFileSync } from 'node:fs';

/**
 * Reads a V8 CPU profile (what `node --cpu-prof` writes) and says where the process spent its time: self time per
 * bucket (an npm package, Node's own code, a folder of the app, the garbage collector), as shares of the time it
 * was busy (idle excluded). Self time, not inclusive: each sample counts once, for the function on top of the stack.
 */

interface CallFrame {
  functionName: string;
  url: string;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}

interface CpuProfile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Milliseconds the process was busy (every sample but idle). */
  busyMs: number;
  /** Buckets by self time, largest first, with their share of the busy time. */
  buckets: Array<{ name: string; ms: number; share: number }>;
  /** The functions with the most self time, largest first. */
  functions: Array<{ name: string; ms: number; share: number }>;
}

/** The bucket a frame's time goes to. */
export function bucketOf({ functionName, url }: CallFrame): string {
  if (url === '') {
    if (functionName === '(garbage collector)') return 'garbage collection';
    if (functionName === '(idle)') return 'idle';
    if (functionName === '(program)') return 'V8 and native code';
    return `native: ${functionName}`;
  }
  const inPackage = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (inPackage?.[1] !== undefined) return inPackage[1];
  if (url.startsWith('node:')) {
    const module = url.slice('node:'.length).replace(/^internal\//, '');
    return `node: ${module.split('/')[0] ?? module}`;
  }
  const inApp = /\/(?:dist\/)?src\/(.+)$/.exec(url);
  if (inApp?.[1] !== undefined) {
    const parts = inApp[1].split('/');
    return `app: ${parts[0] === 'modules' ? `modules/${parts[1] ?? ''}` : (parts[0] ?? '')}`.replace(
      /\.js$/,
      '',
    );
  }
  return 'other';
}

function shares(totals: Map<string, number>, busyMs: number, top: number) {
  return [...totals]
    .map(([name, ms]) => ({ name, ms, share: busyMs === 0 ? 0 : ms / busyMs }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top);
}

/** `skipFirstMs`: samples in the profile's first milliseconds (start-up) are left out. */
export function summarizeProfile(
  file: string,
  { top = 8, skipFirstMs = 0 }: { top?: number; skipFirstMs?: number } = {},
): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const buckets = new Map<string, number>();
  const functions = new Map<string, number>();
  let busyMs = 0;
  let elapsedMs = 0;
  profile.samples.forEach((nodeId, index) => {
    const frame = frames.get(nodeId);
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    elapsedMs += ms;
    if (frame === undefined || elapsedMs < skipFirstMs) return;
    const bucket = bucketOf(frame);
    if (bucket === 'idle') return;
    busyMs += ms;
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + ms);
    const name = `${frame.functionName || '(anonymous)'} (${bucket})`;
    functions.set(name, (functions.get(name) ?? 0) + ms);
  });
  return { busyMs, buckets: shares(buckets, busyMs, top), functions: shares(functions, busyMs, top) };
}
