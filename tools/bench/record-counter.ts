const RECORD_START = Buffer.from('{"type":"RECORD"');

/**
 * Counts Airbyte RECORD messages in a byte stream without decoding it, so that counting costs the measured process's
 * two cores next to nothing. Inside JSON strings every quote is escaped, so the marker only ever starts a message.
 */
export class RecordCounter {
  count = 0;
  private tail = Buffer.alloc(0);

  add(chunk: Buffer): void {
    // A marker split across two chunks starts in the previous chunk's last bytes.
    const seam = Buffer.concat([this.tail, chunk.subarray(0, RECORD_START.length - 1)]);
    const inSeam = seam.indexOf(RECORD_START);
    if (inSeam !== -1 && inSeam < this.tail.length) this.count += 1;
    for (let at = chunk.indexOf(RECORD_START); at !== -1; at = chunk.indexOf(RECORD_START, at + RECORD_START.length)) {
      this.count += 1;
    }
    const recent = chunk.length >= RECORD_START.length ? chunk : Buffer.concat([this.tail, chunk]);
    this.tail = Buffer.from(recent.subarray(Math.max(0, recent.length - (RECORD_START.length - 1))));
  }
}
