// The device-to-host mailbox of reverse offload: a bounded ring of request slots and the
// publish protocol, with a model of when each store becomes visible to the host
// (docs/REVERSE_OFFLOAD.md, "The mailbox protocol").
//
// Device: reserve a ticket (fetch_add on `next`; the ring is full while next - consumed ==
// slots, and the lane waits), write the payload fields, then store the slot's ready flag
// with release. Host: acquire-load the flag, copy the payload out, check it, clear the
// flag, and only then release-advance `consumed` so the device may reuse the slot.
//
// Visibility: an atomic store is visible at once. A plain store sits in the writing
// thread's write-back buffer until a release drains it, so with a correct release it is
// visible no later than the flag. `writeback-delay` injects the fault seen on one AMD GPU
// (gfx908): the release makes the flag visible at once but the buffered plain stores only
// `delay` cycles later, so a host that sees the flag may read a stale payload. The runtime
// writes every payload field atomically in program order (GCC's fix), which survives it;
// the `plain-release` protocol exists so tests can show the injection bites.

export type MailboxFault = "none" | "writeback-delay";
export const MAILBOX_FAULTS: readonly MailboxFault[] = ["none", "writeback-delay"];

/** How the device writes a payload: per-field atomic stores (correct), or plain stores
 *  followed by a release of the flag (correct only without the write-back fault). */
export type PublishProtocol = "atomic-fields" | "plain-release";

/** The host read a payload that does not belong to the ticket it consumed. */
export class StalePayload extends Error {
  constructor(readonly slot: number, readonly expected: number, readonly found: number | null) {
    super(`the host read a stale payload in mailbox slot ${slot}: expected ticket ${expected}, found ${found === null ? "an empty slot" : `ticket ${found}`}`);
  }
}

export class Mailbox<T> {
  /** Tickets handed out and tickets the host has consumed (the ring is [consumed, next)). */
  next = 0;
  consumed = 0;
  private readonly flags: number[];
  /** Per slot, the payload the host sees (an item and the ticket it was written for, so the
   *  host can check it read this request's; ticket -1: none) and a plain store not yet
   *  visible (its payload and the time it becomes visible). Parallel arrays: publishing
   *  allocates nothing. */
  private readonly seenTicket: number[];
  private readonly seenItem: (T | null)[];
  private readonly pendingTicket: number[];
  private readonly pendingItem: (T | null)[];
  private readonly pendingAt: number[];

  /** slots - 1 when slots is a power of 2, else -1: slotOf runs four times per request and
   *  a remainder is a division (`&` keeps an integer's low bits, however large). */
  private readonly mask: number;

  constructor(readonly slots: number, readonly fault: MailboxFault = "none", readonly delay = 0) {
    if (!(Number.isInteger(slots) && slots >= 1)) throw new RangeError(`mailbox slots must be a positive integer, got ${slots}`);
    this.mask = slots <= 2 ** 30 && (slots & (slots - 1)) === 0 ? slots - 1 : -1;
    this.flags = new Array<number>(slots).fill(-1);
    this.seenTicket = new Array<number>(slots).fill(-1);
    this.seenItem = new Array<T | null>(slots).fill(null);
    this.pendingTicket = new Array<number>(slots).fill(-1);
    this.pendingItem = new Array<T | null>(slots).fill(null);
    this.pendingAt = new Array<number>(slots).fill(Infinity);
  }

  get outstanding(): number {
    return this.next - this.consumed;
  }

  /** Device: reserve a ticket, or null while the ring is full (the lane must wait). */
  reserve(): number | null {
    if (this.next - this.consumed >= this.slots) return null;
    return this.next++;
  }

  slotOf(ticket: number): number {
    return this.mask >= 0 ? ticket & this.mask : ticket % this.slots;
  }

  /** Device: write the payload for `ticket` and publish its ready flag at `time`. Returns the
   *  time the flag becomes visible to the host (`time` plus the transfer latency). */
  publish(ticket: number, item: T, protocol: PublishProtocol, time: number, latency: number): number {
    const s = this.slotOf(ticket);
    const visible = time + latency;
    if (protocol === "atomic-fields" || this.fault === "none") {
      // Atomic stores take the coherent path in program order; without the fault, the
      // release drains the write-back buffer before the flag.
      this.seenTicket[s] = ticket;
      this.seenItem[s] = item;
      if (this.fault !== "none") {
        // A plain store of an earlier ticket may still be pending here (none without the fault).
        this.pendingTicket[s] = -1;
        this.pendingItem[s] = null;
      }
    } else {
      this.pendingTicket[s] = ticket; // the drain starts with the release but lands after the flag
      this.pendingItem[s] = item;
      this.pendingAt[s] = visible + this.delay;
    }
    this.flags[s] = ticket;
    return visible;
  }

  /** Host: acquire the flag of the next ticket to consume; the ticket if it is ready. */
  ready(): number | null {
    if (this.consumed === this.next) return null;
    const t = this.consumed;
    return this.flags[this.slotOf(t)] === t ? t : null;
  }

  /** Host, at `time`: copy the payload of `ticket` out. Throws StalePayload if what it read
   *  is not this ticket's (the injected fault, with a protocol that does not survive it). */
  read(ticket: number, time: number): T {
    const s = this.slotOf(ticket);
    if (this.pendingTicket[s] !== -1 && this.pendingAt[s]! <= time) {
      this.seenTicket[s] = this.pendingTicket[s]!;
      this.seenItem[s] = this.pendingItem[s]!;
      this.pendingTicket[s] = -1;
      this.pendingItem[s] = null;
    }
    const got = this.seenTicket[s]!;
    if (got !== ticket) throw new StalePayload(s, ticket, got === -1 ? null : got);
    return this.seenItem[s]!;
  }

  /** Host, in a mailbox without an injected fault: ready, read and release at once the
   *  oldest ticket, published (its payload is the one written). */
  take(ticket: number): T {
    const s = this.slotOf(ticket);
    if (ticket !== this.consumed || this.flags[s] !== ticket || this.fault !== "none") {
      throw new Error(`internal error: mailbox take of ticket ${ticket} (oldest ${this.consumed})`);
    }
    this.flags[s] = -1;
    this.consumed++;
    return this.seenItem[s]!;
  }

  /** Host: clear the flag of `ticket` (the oldest one), then release its slot for reuse.
   *  Clearing first matters: a reused slot must never show the previous request's flag. */
  release(ticket: number): void {
    if (ticket !== this.consumed) throw new Error(`internal error: mailbox releases ticket ${ticket} out of order (oldest is ${this.consumed})`);
    this.flags[this.slotOf(ticket)] = -1;
    this.consumed++;
  }
}
