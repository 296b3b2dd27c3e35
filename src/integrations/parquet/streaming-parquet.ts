/**
 * A Parquet file written row group by row group into a stream (hyparquet-writer): each `append` encodes one row
 * group and hands its bytes to the caller at once, so that only one group is ever held in memory. The footer
 * (schema, row group offsets, key-value metadata) follows `finish`.
 */
import { ByteWriter, ParquetWriter, schemaFromColumnData } from "hyparquet-writer";
import type { DatasetColumnType } from "@/domain/outcomes/dataset";

const BASIC_TYPES = { string: "STRING", integer: "INT32", number: "DOUBLE", boolean: "BOOLEAN" } as const;

/** A ByteWriter that gives away what it holds whenever the Parquet writer finishes a row group. */
class ChunkWriter extends ByteWriter {
  private readonly chunks: Uint8Array[] = [];
  flush(): void {
    if (this.index === 0) return;
    this.chunks.push(new Uint8Array(this.buffer.slice(0, this.index)));
    this.index = 0;
  }
  override finish(): void {
    this.flush();
  }
  take(): Uint8Array[] {
    return this.chunks.splice(0, this.chunks.length);
  }
}

export interface ParquetColumn {
  name: string;
  type: DatasetColumnType;
}

export class StreamingParquet {
  private readonly writer = new ChunkWriter(64 * 1024);
  private readonly parquet: ParquetWriter;

  constructor(
    private readonly columns: readonly ParquetColumn[],
    keyValueMetadata: Record<string, string> = {},
  ) {
    const schema = schemaFromColumnData({ columnData: columns.map((c) => ({ name: c.name, data: [], type: BASIC_TYPES[c.type], nullable: true })) });
    this.parquet = new ParquetWriter({
      writer: this.writer,
      schema,
      kvMetadata: Object.entries(keyValueMetadata).map(([key, value]) => ({ key, value })),
      createdBy: "Concilium (hyparquet-writer)",
    });
  }

  /** The magic bytes written so far (the file's start). */
  header(): Uint8Array[] {
    return this.writer.take();
  }

  /** One row group of these rows; returns its bytes. */
  append(rows: readonly Record<string, unknown>[]): Uint8Array[] {
    if (rows.length === 0) return [];
    const columnData = this.columns.map((c) => ({ name: c.name, data: rows.map((r) => r[c.name] ?? null) }));
    void this.parquet.write({ columnData, rowGroupSize: rows.length });
    return this.writer.take();
  }

  /** Indexes, metadata and footer. */
  finish(): Uint8Array[] {
    void this.parquet.finish();
    return this.writer.take();
  }
}
