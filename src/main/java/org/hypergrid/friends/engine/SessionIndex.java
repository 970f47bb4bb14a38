package org.hypergrid.friends.engine;

import org.hypergrid.friends.engine.PresenceView.Session;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The presence view's sessions by one of their ids, the agent's or the session's: open-addressing
 * tables of references in 256 stripes, each with its own lock. An entry costs a slot of four bytes
 * (a table is kept at most 60 % full); a ConcurrentHashMap cost a 32-byte node and a 32-byte UUID
 * key an entry, which made most of a session's 190 bytes (bench/presence-view.sh measures it).
 */
final class SessionIndex {

  private static final int STRIPE_BITS = 8;
  private static final int FIRST_SLOTS = 16;

  /** One lock and one table; a session's stripe is chosen by the high bits of its key's hash. */
  private static final class Stripe {
    Session[] slots = new Session[FIRST_SLOTS];
    int size;
  }

  private final Stripe[] stripes = new Stripe[1 << STRIPE_BITS];
  private final boolean bySession;
  private final AtomicInteger size = new AtomicInteger();

  /** An index by agent id, or by session id when {@code bySession}. */
  SessionIndex(boolean bySession) {
    this.bySession = bySession;
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new Stripe();
    }
  }

  int size() {
    return size.get();
  }

  /** The session with this key, or null. */
  Session get(long msb, long lsb) {
    long hash = hash(msb, lsb);
    Stripe stripe = stripeOf(hash);
    synchronized (stripe) {
      Session[] slots = stripe.slots;
      return slots[find(slots, hash, msb, lsb)];
    }
  }

  /**
   * Replaces the session with this key by what {@code change} makes of it (null: there is none;
   * a null result removes it), atomically for this key; returns the session now held, or null.
   * {@code change} runs under the stripe's lock and must return a session with the same key.
   */
  Session compute(long msb, long lsb, UnaryOperator<Session> change) {
    long hash = hash(msb, lsb);
    Stripe stripe = stripeOf(hash);
    synchronized (stripe) {
      Session[] slots = stripe.slots;
      int slot = find(slots, hash, msb, lsb);
      Session current = slots[slot];
      Session next = change.apply(current);
      if (next == current) {
        return next;
      }
      if (next == null) {
        removeAt(stripe, slot);
      } else if (current != null) {
        slots[slot] = next;
      } else {
        slots[slot] = next;
        size.incrementAndGet();
        if (++stripe.size * 10 > slots.length * 6) {
          grow(stripe);
        }
      }
      return next;
    }
  }

  /** Holds {@code session} under its key, replacing whatever was there. */
  void put(Session session) {
    compute(msbOf(session), lsbOf(session), current -> session);
  }

  /** Removes {@code session} if it is the one held under its key; true when it was. */
  boolean remove(Session session) {
    long msb = msbOf(session);
    long lsb = lsbOf(session);
    boolean[] removed = {false};
    compute(msb, lsb, current -> {
      removed[0] = session.equals(current);
      return removed[0] ? null : current;
    });
    return removed[0];
  }

  /**
   * Hands every session held to {@code each}, one stripe at a time (a stripe is copied under its
   * lock and handed outside it, so {@code each} may change the index). A pass over all: on a worker.
   */
  void forEach(Consumer<Session> each) {
    for (Stripe stripe : stripes) {
      Session[] copy;
      synchronized (stripe) {
        copy = new Session[stripe.size];
        int n = 0;
        for (Session session : stripe.slots) {
          if (session != null) {
            copy[n++] = session;
          }
        }
      }
      for (Session session : copy) {
        each.accept(session);
      }
    }
  }

  private Stripe stripeOf(long hash) {
    return stripes[(int) (hash >>> (64 - STRIPE_BITS))];
  }

  /** The slot holding this key, or the empty slot where it would go (linear probing). */
  private int find(Session[] slots, long hash, long msb, long lsb) {
    int mask = slots.length - 1;
    int slot = (int) hash & mask;
    while (true) {
      Session session = slots[slot];
      if (session == null || (msbOf(session) == msb && lsbOf(session) == lsb)) {
        return slot;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Empties a slot, moving later sessions of the same run back so that no probe stops short. */
  private void removeAt(Stripe stripe, int hole) {
    Session[] slots = stripe.slots;
    int mask = slots.length - 1;
    int next = hole;
    while (true) {
      next = (next + 1) & mask;
      Session session = slots[next];
      if (session == null) {
        break;
      }
      int home = (int) hash(msbOf(session), lsbOf(session)) & mask;
      boolean reachable = hole <= next ? hole < home && home <= next : hole < home || home <= next;
      if (!reachable) {
        slots[hole] = session;
        hole = next;
      }
    }
    slots[hole] = null;
    stripe.size--;
    size.decrementAndGet();
  }

  private void grow(Stripe stripe) {
    Session[] old = stripe.slots;
    Session[] slots = new Session[old.length * 2];
    for (Session session : old) {
      if (session != null) {
        long msb = msbOf(session);
        long lsb = lsbOf(session);
        slots[find(slots, hash(msb, lsb), msb, lsb)] = session;
      }
    }
    stripe.slots = slots;
  }

  private long msbOf(Session session) {
    return bySession ? session.sessionMsb() : session.agentMsb();
  }

  private long lsbOf(Session session) {
    return bySession ? session.sessionLsb() : session.agentLsb();
  }

  /** Mixed, so that ids made by hand (tests, tools: 0000…0001, 0000…0002) spread as random ones do. */
  private static long hash(long msb, long lsb) {
    long h = msb * 0x9E3779B97F4A7C15L ^ lsb;
    h = (h ^ (h >>> 32)) * 0xBF58476D1CE4E5B9L;
    h = (h ^ (h >>> 29)) * 0x94D049BB133111EBL;
    return h ^ (h >>> 32);
  }
}
