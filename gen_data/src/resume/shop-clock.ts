import type pg from 'pg';

/** How far the shop in a database has been simulated, and by whom. */
export interface ShopClock {
  /** End of the last committed tick (epoch ms); undefined for a database that holds no shop yet. */
  clock: number | undefined;
  /** The first run's seed: the shop's lasting traits (which products sell best) come from it. */
  seed: string | undefined;
  /** Real time of the last tick any run committed. */
  lastWallTime: number | undefined;
}

/**
 * The shop's clock is the last tick a run recorded in oltp.simulation_run; a database filled before
 * runs were recorded falls back to the latest time its rows carry (indexed maxima, a few reads).
 */
export async function readShopClock(client: pg.ClientBase): Promise<ShopClock> {
  const { rows } = await client.query(`SELECT
      greatest((SELECT max(simulated_until) FROM oltp.simulation_run), (SELECT max(updated_at) FROM oltp.orders),
        (SELECT max(updated_at) FROM oltp.customers), (SELECT max(created_at) FROM oltp.inventory_log)) AS clock,
      (SELECT seed FROM oltp.simulation_run ORDER BY run_id LIMIT 1) AS seed,
      (SELECT max(wall_updated_at) FROM oltp.simulation_run) AS wall`);
  const r = rows[0] as { clock: Date | null; seed: string | null; wall: Date | null };
  return {
    clock: r.clock?.getTime(),
    seed: r.seed ?? undefined,
    lastWallTime: r.wall?.getTime(),
  };
}
