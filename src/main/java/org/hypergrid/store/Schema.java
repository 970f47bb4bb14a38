package org.hypergrid.store;

import java.util.List;

/**
 * A named track of numbered schema steps, applied once per database in order. Several modules
 * may name the same track (one set of tables serving several services); it is applied once.
 */
public record Schema(String name, List<String> steps) {
}
