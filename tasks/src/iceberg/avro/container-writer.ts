import { randomBytes } from 'node:crypto';
import { avroType, LONG, METADATA_MAP } from './avro-types.js';
import { type AvroCodec, compressBlock } from './codec.js';

const MAGIC = Buffer.from([0x4f, 0x62, 0x6a, 0x01]);

export interface AvroContainerInput {
  /**
   * The writer schema as JSON text, stored verbatim: avsc would drop Iceberg's `field-id`,
   * `element-id`, `key-id` and `value-id` attributes if it re-exported the schema itself.
   */
  schemaJson: string;
  /** File metadata; `avro.schema` and `avro.codec` are set here. */
  metadata?: Record<string, string | Buffer>;
  records: Iterable<unknown>;
  codec?: AvroCodec;
  /** Records per block; manifests are small, so this rarely matters. */
  blockSize?: number;
}

/** Encodes a whole Avro object container file in memory (manifests and manifest lists are kilobytes). */
export function writeAvroContainer(input: AvroContainerInput): Buffer {
  const codec = input.codec ?? 'deflate';
  const type = avroType(JSON.parse(input.schemaJson));
  const meta: Record<string, Buffer> = {};
  for (const [key, value] of Object.entries(input.metadata ?? {})) {
    meta[key] = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  }
  meta['avro.schema'] = Buffer.from(input.schemaJson, 'utf8');
  meta['avro.codec'] = Buffer.from(codec, 'utf8');
  const sync = randomBytes(16);
  const parts: Buffer[] = [MAGIC, METADATA_MAP.toBuffer(meta), sync];

  const blockSize = input.blockSize ?? 1000;
  let pending: Buffer[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const body = compressBlock(codec, Buffer.concat(pending));
    parts.push(LONG.toBuffer(BigInt(pending.length)), LONG.toBuffer(BigInt(body.length)), body, sync);
    pending = [];
  };
  for (const record of input.records) {
    pending.push(type.toBuffer(record));
    if (pending.length >= blockSize) flush();
  }
  flush();
  return Buffer.concat(parts);
}
