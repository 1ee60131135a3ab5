/** Resolves at the first SIGINT or SIGTERM, after printing `<signal>: <saying>`. */
export function untilStopSignal(saying: string): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      console.log(`${signal}: ${saying}`);
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}
