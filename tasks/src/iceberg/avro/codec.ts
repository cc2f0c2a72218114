import { deflateRawSync, inflateRawSync } from 'node:zlib';
import snappy from 'snappyjs';

// zlib.crc32 only arrived in Node 20.15; the engines range starts at 20.11.
const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Codecs this reader understands; `zstandard` (a Java option) would need Node 22's zlib. */
export type AvroCodec = 'null' | 'deflate' | 'snappy';

export function compressBlock(codec: AvroCodec, data: Buffer): Buffer {
  switch (codec) {
    case 'null':
      return data;
    case 'deflate':
      // Avro's deflate codec is RFC 1951 without the zlib header, which is what Java's Deflater(nowrap) writes.
      return deflateRawSync(data);
    case 'snappy': {
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(data));
      return Buffer.concat([Buffer.from(snappy.compress(data)), crc]);
    }
  }
}

export function decompressBlock(codec: string, data: Buffer): Buffer {
  switch (codec) {
    case 'null':
      return data;
    case 'deflate':
      return inflateRawSync(data);
    case 'snappy': {
      // The codec appends a big-endian CRC32 of the uncompressed bytes after the snappy frame.
      const body = Buffer.from(snappy.uncompress(data.subarray(0, data.length - 4)));
      if (crc32(body) !== data.readUInt32BE(data.length - 4)) throw new Error('Avro snappy block failed its CRC check');
      return body;
    }
    default:
      throw new Error(`Avro codec "${codec}" is not supported (supported: null, deflate, snappy)`);
  }
}
