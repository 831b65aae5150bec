/**
 * `node dist/bench/floor-process.js DIR`: the floor as a whole process, what `nianbao run` is
 * compared with (issue 22): Node started, SheetJS loaded, every file of DIR read, nothing
 * more. bench.ts spawns it as it spawns a run, so both are timed from spawn to exit with
 * their CPU time.
 */
import { readEvery } from './floor';

readEvery(process.argv[2]);
