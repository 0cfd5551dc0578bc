// The size of what Ansible copies to every host for every task: the one-file module.
import { statSync } from 'node:fs';
import { MODULE, PYTHON_PAYLOAD_BYTES } from './env';

export interface SizeFigures {
  bytes: number;
  /** Over the Python module's AnsiballZ payload. */
  ratio: number;
}

export function measureSize(): SizeFigures {
  const bytes = statSync(MODULE).size;
  return { bytes, ratio: bytes / PYTHON_PAYLOAD_BYTES };
}
