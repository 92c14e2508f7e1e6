// An append-only byte arena: stores many small payloads in large shared blocks (one allocation per MiB,
// not per message), addressed by (offset, length).

const BLOCK = 1 << 20;

export class ByteArena {
  private blocks: Uint8Array[] = [];
  private used = BLOCK;
  private total = 0;

  /** Stores a copy of `bytes`; returns its address (a global offset). */
  add(bytes: Uint8Array): number {
    // nothing to keep (a body-less request; before any block exists there is nowhere to point)
    if (bytes.length === 0) return 0;
    if (bytes.length > BLOCK) {
      // large payloads get a block of their own
      this.blocks.push(bytes.slice());
      this.used = BLOCK;
      const at = (this.blocks.length - 1) * BLOCK;
      return at;
    }
    if (this.used + bytes.length > BLOCK) {
      this.blocks.push(new Uint8Array(BLOCK));
      this.used = 0;
    }
    const block = this.blocks[this.blocks.length - 1];
    block.set(bytes, this.used);
    const at = (this.blocks.length - 1) * BLOCK + this.used;
    this.used += bytes.length;
    this.total += bytes.length;
    return at;
  }

  get(address: number, length: number): Uint8Array {
    if (length === 0) return new Uint8Array(0);
    const block = this.blocks[Math.floor(address / BLOCK)];
    const start = address % BLOCK;
    return block.subarray(start, start + length);
  }

  get bytes(): number {
    return this.blocks.length * BLOCK;
  }
}
