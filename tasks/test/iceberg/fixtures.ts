import { buildPartitionSpec } from '../../src/iceberg/partition-spec.js';
import type { Schema } from '../../src/iceberg/schema.js';

/** The column types the raw layer uses, Vietnamese text and nulls included. */
export const ORDERS_SCHEMA: Schema = {
  type: 'struct',
  'schema-id': 0,
  fields: [
    { id: 1, name: 'order_id', required: true, type: 'long' },
    { id: 2, name: 'is_paid', required: false, type: 'boolean' },
    { id: 3, name: 'quantity', required: false, type: 'int' },
    { id: 4, name: 'total_amount', required: false, type: 'decimal(16, 2)' },
    { id: 5, name: 'order_date', required: false, type: 'date' },
    { id: 6, name: 'created_at', required: true, type: 'timestamptz' },
    { id: 7, name: 'city', required: false, type: 'string' },
  ],
};

export const ORDERS_SPEC = buildPartitionSpec(ORDERS_SCHEMA, [{ source: 'created_at', transform: 'day' }]);

export function orderRows(firstId: number, count: number, day = '2024-05-01') {
  const cities = ['Thành phố Hồ Chí Minh', 'Hà Nội', 'Đà Nẵng', null];
  return Array.from({ length: count }, (_, i) => {
    const id = firstId + i;
    return {
      order_id: BigInt(id),
      is_paid: i % 3 === 0 ? null : i % 2 === 0,
      quantity: i % 5 === 0 ? null : i,
      total_amount: i % 4 === 0 ? null : `${id * 1000 + 123}.${String(i % 100).padStart(2, '0')}`,
      order_date: i % 6 === 0 ? null : day,
      created_at: `${day}T${String(i % 24).padStart(2, '0')}:15:30.${String(123456 + i).slice(-6)}+00:00`,
      city: cities[i % cities.length] ?? null,
    };
  });
}
