import {
  LockManagerLike,
  SENDER_LEASE_KEY,
  SENDER_LEASE_MS,
  SENDER_RENEW_MS,
  storageLeaseElection,
  webLockElection,
} from './outboxSender';
import { FakeClock, settle } from './testing/fakeClock';
import { createSharedStorage } from './testing/sharedStorage';

/** Pages of one browser, each competing for the lease in the storage they share. */
function twoPages(clock: FakeClock) {
  const shared = createSharedStorage();
  const page = (pageId: string) => {
    const { storage, onExternalChange } = shared.forTab();
    const election = storageLeaseElection({
      storage,
      now: clock.now,
      setTimeout: clock.setTimeout,
      clearTimeout: clock.clearTimeout,
      onExternalChange,
      pageId,
    });
    const changes: boolean[] = [];
    election.start((sender) => changes.push(sender));
    return { election, changes };
  };
  return { storage: shared.storage, page };
}

describe('the storage lease (where Web Locks are missing)', () => {
  it('lets one page send; the other takes over at once when it stops', async () => {
    const clock = new FakeClock();
    const { page } = twoPages(clock);
    const a = page('a');
    const b = page('b');
    expect([a.election.isSender(), b.election.isSender()]).toEqual([true, false]);

    await clock.advance(5 * SENDER_LEASE_MS);
    expect([a.election.isSender(), b.election.isSender()]).toEqual([true, false]);

    a.election.stop();
    expect(b.election.isSender()).toBe(true);
    expect(b.changes).toEqual([true]);
    b.election.stop();
  });

  it('is taken over once the lease of a page that died without a word has run out', async () => {
    const clock = new FakeClock();
    const { storage, page } = twoPages(clock);
    // A page that crashed left its lease behind.
    storage.setItem(SENDER_LEASE_KEY, JSON.stringify({ page: 'gone', until: clock.now() + SENDER_LEASE_MS }));
    const b = page('b');
    expect(b.election.isSender()).toBe(false);

    await clock.advance(SENDER_LEASE_MS - SENDER_RENEW_MS);
    expect(b.election.isSender()).toBe(false);
    await clock.advance(2 * SENDER_RENEW_MS);
    expect(b.election.isSender()).toBe(true);
    b.election.stop();
  });

  it('steps down when another page has claimed the lease meanwhile', () => {
    const clock = new FakeClock();
    const { storage, page } = twoPages(clock);
    const a = page('a');
    expect(a.election.isSender()).toBe(true);
    // Two pages claimed at the same moment; the other one's claim is the one stored.
    storage.setItem(SENDER_LEASE_KEY, JSON.stringify({ page: 'b', until: clock.now() + SENDER_LEASE_MS }));
    expect(a.election.isSender()).toBe(false);
    expect(a.changes).toEqual([true, false]);
    a.election.stop();
    expect(storage.getItem(SENDER_LEASE_KEY)).toContain('"b"');
  });
});

/** A lock manager with the Web Locks semantics the election relies on: one holder, queued requests, abort. */
function fakeLocks(): LockManagerLike {
  const queue: Array<{ grant: () => void }> = [];
  let held = false;
  const next = () => {
    if (!held && queue.length > 0) {
      held = true;
      queue.shift()!.grant();
    }
  };
  return {
    request(_name, options, callback) {
      return new Promise((resolve, reject) => {
        const entry = {
          grant: () => {
            callback(null).then((value) => {
              held = false;
              resolve(value);
              next();
            });
          },
        };
        options.signal?.addEventListener('abort', () => {
          const index = queue.indexOf(entry);
          if (index >= 0) {
            queue.splice(index, 1);
            reject(new Error('AbortError'));
          }
        });
        queue.push(entry);
        next();
      });
    },
  };
}

describe('the Web Lock', () => {
  it('makes the first page the sender and hands over to the next when it stops', async () => {
    const locks = fakeLocks();
    const a = webLockElection(locks);
    const b = webLockElection(locks);
    const c = webLockElection(locks);
    a.start(() => {});
    b.start(() => {});
    c.start(() => {});
    await settle();
    expect([a.isSender(), b.isSender(), c.isSender()]).toEqual([true, false, false]);

    c.stop(); // A page closed while it was waiting: it never sends.
    a.stop();
    await settle();
    expect([a.isSender(), b.isSender(), c.isSender()]).toEqual([false, true, false]);
    b.stop();
  });
});
