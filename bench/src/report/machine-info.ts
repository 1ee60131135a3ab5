import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';

export interface MachineInfo {
  cores: number;
  memoryGiB: number;
  cpuModel: string;
  node: string;
  /** 1-minute load average: other work on the machine (shared machines make wall times noisy). */
  load1: number;
}

export function machineInfo(): MachineInfo {
  return {
    cores: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    load1: Math.round(loadavg()[0]! * 10) / 10,
  };
}
