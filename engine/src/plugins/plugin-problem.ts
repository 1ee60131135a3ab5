/** Why a plugin package (or one node type in it) was refused. Discovery collects these and goes on. */
export interface PluginProblem {
  /** The npm package name, or the folder when package.json could not be read. */
  package: string;
  dir: string;
  message: string;
}

export function describeProblem(p: PluginProblem): string {
  return `plugin package ${p.package} (${p.dir}): ${p.message}`;
}
