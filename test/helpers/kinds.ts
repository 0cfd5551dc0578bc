// The two kinds of image a create makes on the default bench LPAR, as the options that ask for
// each: a mksysb of rootvg, a savevg of datavg. The command that writes each is named as its kind.
export const CREATE_KINDS = {
  mksysb: { type: 'mksysb' },
  savevg: { type: 'savevg', name: 'datavg' },
} as const;

export type CreateKind = keyof typeof CREATE_KINDS;
