// How the center's codes (not-ready reasons, disposition codes) are shown: by their titles
// from the configuration's `titles` ("lunch: 午餐"), or as the code when there is none.
export type Titles = Record<string, string>;

export const titled = (titles: Titles, code: string): string => titles[code] ?? code;
