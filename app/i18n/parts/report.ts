// Messages of one area (report); zh defines the keys, en must have every one of them.
export const zh = {} as const;

export const en: Record<keyof typeof zh, string> = {};
