// Fills the bench database (created by setup-database.mjs) with set-based SQL as the writer role:
// customers first, then orders and customer_activity_log one simulated day per statement, with
// app.sim_now set to that day so database-stamped times (defaults, the status-history trigger)
// follow the simulated clock. Skips a table that already holds its rows (data is reused).
//   node bench/ingest/generate.mjs DB CUSTOMERS ORDERS ACTIVITY DAYS
import { loadSettings, postgresLogin } from '@platform/config';
import { withClient } from '@platform/db';

const [db = 'bench_ingest', customers = '50000', orders = '1000000', activity = '5000000', days = '20'] =
  process.argv.slice(2);
const nCustomers = Number(customers);
const nOrders = Number(orders);
const nActivity = Number(activity);
const nDays = Number(days);
const writer = postgresLogin(loadSettings(), 'oltpWriter', db);
const day0 = Date.parse('2026-01-02T00:00:00Z');

await withClient(writer, async (client) => {
  const count = async (t) => Number((await client.query(`SELECT count(*) AS n FROM oltp.${t}`)).rows[0].n);
  const t0 = Date.now();
  if ((await count('customers')) < nCustomers) {
    await client.query(`SELECT set_config('app.sim_now', '2026-01-01 00:00:00+00', false)`);
    await client.query(
      `INSERT INTO oltp.customers (customer_code, full_name, email, phone, gender, birth_date, geo_id, address_line,
         registered_channel_id, persona, device_fingerprint, registered_at, created_at, updated_at)
       SELECT 'BC' || lpad(i::text, 8, '0'), 'Khách hàng Nguyễn Văn ' || i, 'bench' || i || '@example.vn',
              '+849' || lpad((i % 100000000)::text, 8, '0'), (ARRAY['male','female','other'])[1 + i % 3],
              DATE '1970-01-01' + (i % 15000), g.ids[1 + i % cardinality(g.ids)], 'Số ' || i || ' đường Lê Lợi',
              c.ids[1 + i % cardinality(c.ids)], 'bargain_hunter', 'fp' || (i % 20000),
              t.ts, t.ts, t.ts
       FROM generate_series(1, $1::int) AS i
       CROSS JOIN LATERAL (SELECT TIMESTAMPTZ '2026-01-01' + (i % 86400) * INTERVAL '1 second' AS ts) AS t,
            (SELECT array_agg(geo_id ORDER BY geo_id) AS ids FROM oltp.geo_location) AS g,
            (SELECT array_agg(channel_id ORDER BY channel_id) AS ids FROM oltp.order_channel) AS c`,
      [nCustomers],
    );
    console.log(`customers: ${nCustomers} in ${(Date.now() - t0) / 1000}s`);
  }
  const { rows } = await client.query('SELECT min(customer_id) AS lo, max(customer_id) AS hi FROM oltp.customers');
  const lo = Number(rows[0].lo);
  const span = Number(rows[0].hi) - lo + 1;

  // Resumable: each day commits on its own, so a stopped run continues at the first missing day.
  // bench.sh adds increment orders ('BI...' codes): only the generated ones ('BO...') count here.
  const startDay = async (table, perDay) => {
    const have =
      table === 'orders'
        ? Number((await client.query(`SELECT count(*) AS n FROM oltp.orders WHERE order_code LIKE 'BO%'`)).rows[0].n)
        : await count(table);
    if (have % perDay !== 0)
      throw new Error(`${table} holds ${have} rows, not whole days of ${perDay}: drop the database`);
    return have / perDay;
  };
  {
    const perDay = Math.ceil(nOrders / nDays);
    const t1 = Date.now();
    const from = await startDay('orders', perDay);
    for (let d = from; d < nDays; d++) {
      const first = d * perDay + 1;
      const last = Math.min(nOrders, (d + 1) * perDay);
      await client.query('BEGIN');
      await client.query(`SELECT set_config('app.sim_now', $1, true)`, [new Date(day0 + d * 86400000).toISOString()]);
      await client.query(
        `INSERT INTO oltp.orders (order_code, customer_id, channel_id, placed_at, payment_method_id, shipping_geo_id,
           shipping_address, subtotal_amount, discount_amount, shipping_fee, total_amount, device_fingerprint,
           ip_address, created_at, updated_at)
         SELECT 'BO' || lpad(i::text, 10, '0'), $3::bigint + (i * 7919) % $4::bigint, c.ids[1 + i % cardinality(c.ids)],
                t.ts, p.ids[1 + i % cardinality(p.ids)], g.ids[1 + i % cardinality(g.ids)], 'Số ' || i || ' Trần Hưng Đạo',
                s.sub, 0, 30000.00, s.sub + 30000.00, 'fp' || (i % 20000),
                ('10.' || (i % 256) || '.' || ((i / 256) % 256) || '.1')::inet, t.ts, t.ts
         FROM generate_series($1::bigint, $2::bigint) AS i
         CROSS JOIN LATERAL (SELECT oltp.clock_now() + ((i - $1::bigint) % 86400) * INTERVAL '1 second' AS ts,
                                    round((100000 + (i * 37) % 20000000)::numeric, 2) AS sub) AS t_s(ts, sub)
         CROSS JOIN LATERAL (SELECT t_s.ts, t_s.sub) AS t(ts, sub0)
         CROSS JOIN LATERAL (SELECT t_s.sub) AS s(sub),
              (SELECT array_agg(channel_id ORDER BY channel_id) AS ids FROM oltp.order_channel) AS c,
              (SELECT array_agg(payment_method_id ORDER BY payment_method_id) AS ids FROM oltp.payment_method) AS p,
              (SELECT array_agg(geo_id ORDER BY geo_id) AS ids FROM oltp.geo_location) AS g`,
        [first, last, lo, span],
      );
      await client.query('COMMIT');
    }
    if (from < nDays) console.log(`orders: days ${from}..${nDays - 1} in ${(Date.now() - t1) / 1000}s`);
  }

  {
    const perDay = Math.ceil(nActivity / nDays);
    const t2 = Date.now();
    const from = await startDay('customer_activity_log', perDay);
    for (let d = from; d < nDays; d++) {
      const first = d * perDay + 1;
      const last = Math.min(nActivity, (d + 1) * perDay);
      await client.query('BEGIN');
      await client.query(`SELECT set_config('app.sim_now', $1, true)`, [new Date(day0 + d * 86400000).toISOString()]);
      await client.query(
        `INSERT INTO oltp.customer_activity_log (customer_id, session_id, activity_type, channel_id, product_id,
           search_query, metadata, occurred_at, created_at)
         SELECT CASE WHEN i % 10 = 0 THEN NULL ELSE $3::bigint + (i * 104729) % $4::bigint END,
                's' || (i / 8), a.kind, c.ids[1 + i % cardinality(c.ids)],
                CASE WHEN a.kind = 'search' THEN NULL ELSE pr.ids[1 + i % cardinality(pr.ids)] END,
                CASE WHEN a.kind = 'search' THEN 'điện thoại ' || (i % 500) END,
                jsonb_build_object('page', i % 50, 'ref', 'bench'), t.ts, t.ts
         FROM generate_series($1::bigint, $2::bigint) AS i
         CROSS JOIN LATERAL (SELECT (ARRAY['view','view','view','search','add_to_cart','remove_from_cart','purchase',
                                          'review','wishlist'])[1 + i % 9] AS kind) AS a
         CROSS JOIN LATERAL (SELECT oltp.clock_now() + ((i - $1::bigint) % 86400) * INTERVAL '1 second' AS ts) AS t,
              (SELECT array_agg(channel_id ORDER BY channel_id) AS ids FROM oltp.order_channel) AS c,
              (SELECT array_agg(product_id ORDER BY product_id) AS ids FROM oltp.product) AS pr`,
        [first, last, lo, span],
      );
      await client.query('COMMIT');
    }
    if (from < nDays) console.log(`customer_activity_log: days ${from}..${nDays - 1} in ${(Date.now() - t2) / 1000}s`);
  }
  for (const t of ['customers', 'orders', 'order_status_history', 'customer_activity_log']) {
    console.log(`${t}: ${await count(t)}`);
  }
});
