/** The key of a built-in node type's module in the runtime's build: its package's name and the manifest's entry. */
export function builtinModuleKey(packageName: string, entry: string): string {
  return `${packageName} ${entry}`;
}
