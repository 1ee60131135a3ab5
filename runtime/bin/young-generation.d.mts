export declare const NO_YOUNG_GROWTH: string;
export declare function keepYoungGenerationSmall(execArgv: readonly string[], nodeOptions: string | undefined, setFlags: (flags: string) => void): boolean;
