/**
 * The asset service's interface and data objects, reachable locally, over the event bus and over
 * OpenSim's asset protocol.
 */
@ModuleGen(name = "hypergrid-assets", groupPackage = "org.hypergrid")
package org.hypergrid.assets.api;

import io.vertx.codegen.annotations.ModuleGen;
