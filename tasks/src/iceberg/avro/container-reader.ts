import { avroType, LONG, METADATA_MAP } from './avro-types.js';
import { decompressBlock } from './codec.js';

export interface AvroContainer<T = Record<string, unknown>> {
  /** The writer schema text exactly as stored, field ids included. */
  schemaJson: string;
  /** File metadata other than `avro.*`, decoded as UTF-8 (Iceberg only stores text there). */
  metadata: Record<string, string>;
  records: T[];
}

function decode<T>(
  type: { decode(buf: Buffer, pos?: number): { value: unknown; offset: number } },
  buf: Buffer,
  pos: number,
) {
  const { value, offset } = type.decode(buf, pos);
  if (offset < 0) throw new Error(`Truncated Avro container at byte ${pos}`);
  return { value: value as T, offset };
}

/** Reads a whole container file, with the writer's own schema (field ids are what Iceberg matches on). */
export function readAvroContainer<T = Record<string, unknown>>(buf: Buffer): AvroContainer<T> {
  if (buf.length < 4 || buf.readUInt32BE(0) !== 0x4f626a01) throw new Error('Not an Avro object container file');
  const header = decode<Record<string, Buffer>>(METADATA_MAP, buf, 4);
  let pos = header.offset;
  const sync = buf.subarray(pos, pos + 16);
  pos += 16;
  const schemaBytes = header.value['avro.schema'];
  if (!schemaBytes) throw new Error('Avro container has no avro.schema');
  const schemaJson = schemaBytes.toString('utf8');
  const codec = header.value['avro.codec']?.toString('utf8') ?? 'null';
  const type = avroType(JSON.parse(schemaJson));

  const records: T[] = [];
  while (pos < buf.length) {
    const count = decode<bigint>(LONG, buf, pos);
    const size = decode<bigint>(LONG, buf, count.offset);
    const start = size.offset;
    const end = start + Number(size.value);
    if (end + 16 > buf.length) throw new Error('Truncated Avro block');
    const block = decompressBlock(codec, buf.subarray(start, end));
    let offset = 0;
    for (let i = 0n; i < count.value; i++) {
      const record = decode<T>(type, block, offset);
      records.push(record.value);
      offset = record.offset;
    }
    if (!buf.subarray(end, end + 16).equals(sync)) throw new Error('Avro block sync marker mismatch');
    pos = end + 16;
  }

  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(header.value)) {
    if (!key.startsWith('avro.')) metadata[key] = value.toString('utf8');
  }
  return { schemaJson, metadata, records };
}
