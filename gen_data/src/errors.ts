import { BadInputError, PlatformError } from '@platform/config';
import { formatLocal } from './clock/sim-time.js';

/** A run asked to start before the shop's clock: it would write a second history into simulated time. */
export class StartBeforeClockError extends BadInputError {
  constructor(start: number, clock: number) {
    super(
      `--start ${formatLocal(start)} is before the shop's clock ${formatLocal(clock)} (Asia/Ho_Chi_Minh): ` +
        'a run never rewrites simulated time; leave --start out to continue from the clock',
    );
  }
}

/** Another gen_data run is writing the same database: two simulators would take the same ids. */
export class ShopBusyError extends PlatformError {
  constructor(database: string) {
    super(`another gen_data run is writing database ${database}: wait for it to end`);
  }
}
