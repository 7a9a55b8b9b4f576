import fs from 'node:fs';
import os from 'node:os';

interface ProcInfo {
  pid: number;
  ppid: number;
  /** utime + stime, plus cutime + cstime of children already reaped (postgres backends come and go), in ticks. */
  ticks: number;
  cmdline: string;
}

/** Linux reports CPU time in USER_HZ ticks, 100 per second on every mainstream kernel. */
const TICKS_PER_SECOND = 100;

function readProc(pid: number): ProcInfo | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses; the fields after the last ')' are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    return {
      pid,
      ppid: Number(fields[1]),
      ticks: Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]),
      cmdline,
    };
  } catch {
    return undefined;
  }
}

function allProcesses(): ProcInfo[] {
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProc(Number(name)))
    .filter((info): info is ProcInfo => info !== undefined);
}

/** The first process whose command line contains every fragment. */
export function findPid(...fragments: string[]): number | undefined {
  return allProcesses().find((info) => fragments.every((fragment) => info.cmdline.includes(fragment)))?.pid;
}

/** Where each process belongs: a group is named by its root pids, and holds their descendants too. */
export type CpuGroups = Record<string, number[]>;

function ticksByGroup(groups: CpuGroups): Record<string, number> {
  const processes = allProcesses();
  const children = new Map<number, ProcInfo[]>();
  for (const info of processes) children.set(info.ppid, [...(children.get(info.ppid) ?? []), info]);
  const byPid = new Map(processes.map((info) => [info.pid, info]));
  const claimed = new Set<number>();
  // Groups listed first claim their trees first, so the bench process does not count its server children.
  const totals: Record<string, number> = {};
  for (const [name, roots] of Object.entries(groups)) {
    let total = 0;
    const stack = roots.map((pid) => byPid.get(pid)).filter((info): info is ProcInfo => Boolean(info));
    while (stack.length) {
      const info = stack.pop() as ProcInfo;
      if (claimed.has(info.pid)) continue;
      claimed.add(info.pid);
      total += info.ticks;
      stack.push(...(children.get(info.pid) ?? []));
    }
    totals[name] = total;
  }
  return totals;
}

/** /proc/stat's first line: user nice system idle iowait irq softirq steal, in ticks since boot. */
function machineTicks(): { busy: number; iowait: number; steal: number; total: number } {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] as string;
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = values;
  return {
    busy: user + nice + system + irq + softirq,
    iowait,
    steal,
    total: user + nice + system + idle + iowait + irq + softirq + steal,
  };
}

type MachineTicks = ReturnType<typeof machineTicks>;

/** Percent of one core (200% = both cores) that each kind of time took between two readings. */
function machinePercents(before: MachineTicks, after: MachineTicks) {
  const total = after.total - before.total;
  const percent = (key: 'busy' | 'iowait' | 'steal') =>
    total > 0 ? Math.round(((after[key] - before[key]) / total) * os.cpus().length * 1000) / 10 : 0;
  return { busy: percent('busy'), iowait: percent('iowait'), steal: percent('steal') };
}

/** CPU use per group over an interval, in percent of one core (200% = both cores of this machine). */
export interface CpuUsage {
  seconds: number;
  groups: Record<string, number>;
  /** Time the cores ran code: user, system and interrupts; neither waiting for the disk nor taken by the host. */
  machineBusyPercent: number;
  /** Idle time with a disk write or read outstanding: fsyncs, in this bench. */
  iowaitPercent: number;
  /** Time the hypervisor gave this virtual machine's cores to someone else. */
  stealPercent: number;
  /** Busy time no group accounts for: the kernel's network work, short-lived processes, anything else running. */
  otherPercent: number;
}

export function startCpuSample(groups: () => CpuGroups): () => CpuUsage {
  const startedAt = Date.now();
  const before = ticksByGroup(groups());
  const machineBefore = machineTicks();
  return () => {
    // Read the same groups again; a worker restarted in between is not compared with its predecessor.
    const after = ticksByGroup(groups());
    const machineAfter = machineTicks();
    const seconds = (Date.now() - startedAt) / 1000;
    const result: Record<string, number> = {};
    for (const name of Object.keys(after)) {
      const used = ((after[name] ?? 0) - (before[name] ?? 0)) / TICKS_PER_SECOND;
      result[name] = Math.round((used / seconds) * 1000) / 10;
    }
    const machine = machinePercents(machineBefore, machineAfter);
    const machineBusyPercent = machine.busy;
    const accounted = Object.values(result).reduce((sum, value) => sum + value, 0);
    return {
      seconds,
      groups: result,
      machineBusyPercent,
      iowaitPercent: machine.iowait,
      stealPercent: machine.steal,
      otherPercent: Math.max(0, Math.round((machineBusyPercent - accounted) * 10) / 10),
    };
  };
}

/** How busy the machine is before a run starts: anything else running skews every figure. */
export async function idleBusyPercent(ms = 3_000): Promise<number> {
  const before = machineTicks();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return machinePercents(before, machineTicks()).busy;
}
