// Types of bin/build.js (plain JavaScript, so that bin/kaimen.js can run it without tsx).
export declare const projectRoot: string;
export declare const nodeEntries: Record<string, string>;
export declare function nodeBuildDir(root?: string): string;
export declare function nodeBuildMain(root?: string): string;
export declare function newestMtime(target: string): number;
export declare function recordedInputs(root: string, environments: string[]): string[] | null;
export declare function recordInputs(root: string, environment: string, files: string[]): void;
export declare function isStale(
  root: string,
  builtFile: string,
  environments: string[],
  configFiles: string[],
): boolean;
export declare const appBuild: {
  main: string;
  environments: string[];
  configFiles: string[];
};
export declare function isAppBuildStale(root?: string): boolean;
export declare function isNodeBuildStale(root?: string): boolean;
export declare function buildNode(root?: string): Promise<void>;
export declare function ensureNodeBuild(options?: {
  root?: string;
  force?: boolean;
  quiet?: boolean;
}): Promise<boolean>;
