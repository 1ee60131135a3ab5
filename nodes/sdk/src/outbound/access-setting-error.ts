/** A refused access setting: names the environment variable and why, so the fix is plain. */
export class AccessSettingError extends Error {
  constructor(
    readonly variable: string,
    cause: string,
  ) {
    super(`${variable}: ${cause}`);
    this.name = 'AccessSettingError';
  }
}
