// The arguments line of the module file: the loader (scripts/module-loader.ts) hands the code the
// text of the line that holds ansible-core's jsonargs marker, as the wrapper's parameter
// `ansibleJsonArgs`. Outside a built module file (the unit tests) there is none.
declare const ansibleJsonArgs: unknown;

export function embeddedArgsLine(): string | undefined {
  return typeof ansibleJsonArgs === 'string' ? ansibleJsonArgs : undefined;
}
