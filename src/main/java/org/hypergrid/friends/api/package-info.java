/**
 * The friends family's service interfaces (Hypergrid friends, friends, presence, grid, user
 * management, regions) and the data objects they exchange. Every interface here is reachable
 * three ways (local object, event-bus proxy, HTTP); callers never know which one they hold.
 */
@ModuleGen(name = "hypergrid-friends", groupPackage = "org.hypergrid")
package org.hypergrid.friends.api;

import io.vertx.codegen.annotations.ModuleGen;
