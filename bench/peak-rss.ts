// Preloaded (node --require) into the measured module process only: at exit it appends that
// process's own peak RSS to $BENCH_PEAK_FILE. /usr/bin/time reports the largest process of the
// whole tree, simulated AIX commands included; this tells the module's share apart.
import { appendFileSync } from 'node:fs';

process.on('exit', () => {
  const file = process.env.BENCH_PEAK_FILE;
  if (file) appendFileSync(file, `${process.resourceUsage().maxRSS * 1024}\n`);
});
