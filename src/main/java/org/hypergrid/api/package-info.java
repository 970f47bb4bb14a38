/**
 * Service interfaces of Hypergrid Services and the data objects they exchange.
 * Every interface here is reachable three ways (local object, event-bus proxy, HTTP);
 * callers never know which one they hold.
 */
@ModuleGen(name = "hypergrid", groupPackage = "org.hypergrid")
package org.hypergrid.api;

import io.vertx.codegen.annotations.ModuleGen;
